// A verifier asking the WALLET's OpenID4VP 1.0 holder core, built on independent libraries, for
// the interoperability tests: Animo's @openid4vc/openid4vp creates the signed request (JAR) and
// parses the answer; dcql checks the vp_token against the query; @sd-jwt/sd-jwt-vc verifies the
// SD-JWT presentations with their key-binding JWTs. The library leaves JWS and JWE to callbacks:
// ES256 and ECDH-ES with A128GCM/A256GCM (RFC 7518 4.6) are done here with node:crypto.
// Input (stdin) is one JSON request; output (stdout) one JSON answer.
//   {"action": "request", "client": "did" | "x509", "x509"?: {"jwk" (private), "x5c", "dns"},
//    "response_mode", "response_uri", "request_uri"? (by reference when given), "enc"?}
//     -> {"link", "request_object", "client_id", "session"} (session: what `verify` needs back)
//   {"action": "verify", "session", "form" (the fields the wallet posted), "issuer_jwk", "now"}
//     -> {"parsed", "error"?, "accepted", "mode", "state", "decrypted_with",
//         "expected_client_id", "dcql": {"can_be_satisfied"}, "presentations"}
//   {"action": "ldp_presentation", "presentation", "challenge", "domain"}
//     -> {"verified", "presentation_verified", "credentials_verified", "error"?}
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {createDecipheriv, createHash, createPrivateKey, createPublicKey,
  diffieHellman, generateKeyPairSync, randomBytes, sign, verify} from 'node:crypto';
import {load} from './packages.mjs';

const input = JSON.parse(readFileSync(0, 'utf8'));
const b64json = value => Buffer.from(JSON.stringify(value)).toString('base64url');
const fromB64json = part => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
const publicOf = ({d, ...jwk}) => jwk;
const newP256 = () => generateKeyPairSync('ec', {namedCurve: 'P-256'}).privateKey
  .export({format: 'jwk'});
const failure = error => String(error?.message || error).slice(0, 500);

// ES256 / EdDSA over "header.payload" (JOSE signatures are r||s, IEEE P1363).
const keyOptions = key => key.asymmetricKeyType === 'ec' ? {key, dsaEncoding: 'ieee-p1363'} : key;
const hashFor = key => key.asymmetricKeyType === 'ec' ? 'sha256' : null;
const signJws = (privateJwk, data) => {
  const key = createPrivateKey({key: privateJwk, format: 'jwk'});
  return sign(hashFor(key), Buffer.from(data), keyOptions(key)).toString('base64url');
};
const jwsValid = (publicJwk, data, signature) => {
  const key = createPublicKey({key: publicJwk, format: 'jwk'});
  const bytes = Buffer.from(signature, 'base64url');
  return verify(hashFor(key), Buffer.from(data), keyOptions(key), bytes);
};

// ECDH-ES Concat KDF (RFC 7518 4.6.2): the content key for `enc` from the shared secret.
const contentKey = (shared, header, bits) => {
  const field = data => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, data]);
  };
  const keyBits = Buffer.alloc(4);
  keyBits.writeUInt32BE(bits);
  const other = Buffer.concat([field(Buffer.from(header.enc)),
    field(Buffer.from(header.apu ?? '', 'base64url')),
    field(Buffer.from(header.apv ?? '', 'base64url')), keyBits]);
  const round = Buffer.concat([Buffer.from([0, 0, 0, 1]), shared, other]);
  return createHash('sha256').update(round).digest().subarray(0, bits / 8);
};
const GCM_BITS = {A128GCM: 128, A256GCM: 256};

// The library's decryptJwe callback: the request's own ephemeral key opens the wallet's JWE.
const decryptJweWith = decryptionJwk => async (jwe, options) => {
  const [protectedHeader, encryptedKey, iv, ciphertext, tag] = jwe.split('.');
  const header = fromB64json(protectedHeader);
  const bits = GCM_BITS[header.enc];
  if(header.alg !== 'ECDH-ES' || !bits || encryptedKey !== '') return {decrypted: false};
  if(options?.jwk?.kid !== decryptionJwk.kid) return {decrypted: false};  // not our key
  const shared = diffieHellman({
    privateKey: createPrivateKey({key: decryptionJwk, format: 'jwk'}),
    publicKey: createPublicKey({key: header.epk, format: 'jwk'})});
  const decipher = createDecipheriv(`aes-${bits}-gcm`, contentKey(shared, header, bits),
    Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(protectedHeader, 'ascii'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    const payload = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final()]).toString('utf8');
    return {decrypted: true, decryptionJwk: publicOf(decryptionJwk), payload};
  } catch {
    return {decrypted: false};
  }
};

async function request() {
  const {createOpenid4vpAuthorizationRequest} = await load('@openid4vc/openid4vp');
  let signingJwk;
  let jwtSigner;
  let clientId;
  if(input.client === 'x509') {
    signingJwk = input.x509.jwk;
    jwtSigner = {method: 'x5c', x5c: input.x509.x5c, alg: 'ES256'};
    clientId = `x509_san_dns:${input.x509.dns}`;
  } else {
    // A did:jwk made here for this verifier: its document is the DID itself.
    signingJwk = newP256();
    const did = `did:jwk:${b64json(publicOf(signingJwk))}`;
    jwtSigner = {method: 'did', didUrl: `${did}#0`, alg: 'ES256'};
    clientId = `decentralized_identifier:${did}`;
  }
  const payload = {
    response_type: 'vp_token',
    client_id: clientId,
    response_mode: input.response_mode,
    response_uri: input.response_uri,
    nonce: randomBytes(18).toString('base64url'),
    state: randomBytes(12).toString('base64url'),
    dcql_query: {credentials: [{
      id: 'learning',
      format: 'dc+sd-jwt',
      meta: {vct_values: ['urn:eu.europa.ec.eudi:learning:credential:1']},
      claims: [{path: ['given_name']}, {path: ['family_name']}],
    }]},
    client_metadata: {
      client_name: 'Test verifier (@openid4vc)',
      vp_formats_supported: {'dc+sd-jwt': {'sd-jwt_alg_values': ['ES256'],
        'kb-jwt_alg_values': ['ES256', 'EdDSA']}},
    },
  };
  let decryptionJwk;
  if(input.response_mode === 'direct_post.jwt') {
    // The ephemeral key of this request alone, named by a random kid.
    const kid = randomBytes(8).toString('base64url');
    decryptionJwk = {...newP256(), kid, use: 'enc', alg: 'ECDH-ES'};
    payload.client_metadata.jwks = {keys: [publicOf(decryptionJwk)]};
    payload.client_metadata.encrypted_response_enc_values_supported = [input.enc ?? 'A128GCM'];
  }
  const callbacks = {
    signJwt: async (signer, {header, payload: claims}) => {
      const data = `${b64json(header)}.${b64json(claims)}`;
      return {jwt: `${data}.${signJws(signingJwk, data)}`, signerJwk: publicOf(signingJwk)};
    },
    encryptJwe: async () => { throw new Error('request objects are not encrypted here'); },
  };
  const made = await createOpenid4vpAuthorizationRequest({
    authorizationRequestPayload: payload,
    jar: {jwtSigner, requestUri: input.request_uri, expiresInSeconds: 300},
    callbacks,
  });
  return {link: made.authorizationRequest, request_object: made.jar.authorizationRequestJwt,
    client_id: clientId,
    session: {request: made.authorizationRequestPayload, decryption_jwk: decryptionJwk}};
}

// One SD-JWT presentation as @sd-jwt/sd-jwt-vc sees it, the KB-JWT checked for this verifier.
async function checkSdJwt(presentation, {issuerJwk, nonce, audience, now}) {
  const {SDJwtVcInstance} = await load('@sd-jwt/sd-jwt-vc');
  const {digest} = await load('@sd-jwt/crypto-nodejs');
  const verifier = jwk => async (data, signature) => jwsValid(jwk, data, signature);
  const sdjwt = new SDJwtVcInstance({hasher: digest, verifier: verifier(issuerJwk),
    kbVerifier: async (data, signature, payload) => verifier(payload.cnf.jwk)(data, signature)});
  try {
    const result = await sdjwt.verify(presentation, {keyBindingNonce: nonce, currentDate: now});
    const kb = result.kb?.payload ?? {};
    // The library checks the KB-JWT's nonce and sd_hash; audience and freshness are ours.
    if(kb.aud !== audience) throw new Error(`KB-JWT aud ${kb.aud} is not ${audience}`);
    if(Math.abs(now - kb.iat) > 300) throw new Error(`KB-JWT iat ${kb.iat} is not fresh`);
    const {cnf, _sd_alg, ...claims} = result.payload;
    return {verified: true, claims, kb};
  } catch(error) {
    return {verified: false, error: failure(error)};
  }
}

async function verifyAnswer() {
  const {parseOpenid4vpAuthorizationResponse, getOpenid4vpClientId} =
    await load('@openid4vc/openid4vp');
  const {DcqlQuery, DcqlPresentationResult} = await load('dcql');
  const {request, decryption_jwk: decryptionJwk} = input.session;
  const expected = getOpenid4vpClientId({clientId: request.client_id,
    responseMode: request.response_mode}).effectiveClientId;
  let parsed;
  try {
    parsed = await parseOpenid4vpAuthorizationResponse({
      authorizationResponse: input.form, authorizationRequestPayload: request,
      callbacks: {decryptJwe: decryptJweWith(decryptionJwk ?? {}),
        verifyJwt: async () => ({verified: false})},  // a signed answer is not expected
    });
  } catch(error) {
    return {parsed: false, error: failure(error)};
  }
  const presentations = {};
  const asDcql = {};
  for(const [queryId, entries] of Object.entries(parsed.dcql.presentations)) {
    presentations[queryId] = [];
    for(const entry of entries) {
      const checked = typeof entry === 'string' ? await checkSdJwt(entry, {
        issuerJwk: input.issuer_jwk, nonce: parsed.expectedNonce, audience: expected,
        now: input.now}) : {verified: false, error: 'not an SD-JWT presentation'};
      presentations[queryId].push(checked);
      if(!checked.verified) continue;  // only what verified may answer the query
      asDcql[queryId] = [...(asDcql[queryId] ?? []), {credential_format: 'dc+sd-jwt',
        vct: checked.claims.vct, claims: checked.claims, cryptographic_holder_binding: true}];
    }
  }
  let dcql;
  try {
    const query = DcqlQuery.parse(parsed.dcql.query);
    DcqlQuery.validate(query);
    const result = DcqlPresentationResult.fromDcqlPresentation(asDcql, {dcqlQuery: query});
    dcql = {can_be_satisfied: result.can_be_satisfied};
  } catch(error) {
    dcql = {can_be_satisfied: false, error: failure(error)};
  }
  // The verifier's verdict: every presentation verified, and together they answer the query.
  const accepted = dcql.can_be_satisfied
    && Object.values(presentations).flat().every(p => p.verified);
  return {parsed: true, accepted, mode: parsed.jarm?.type ?? 'plain',
    state: parsed.authorizationResponsePayload.state,
    decrypted_with: parsed.jarm?.decryptionJwk?.kid, expected_client_id: expected, dcql,
    presentations};
}

// Digital Bazaar's vc.verify: the holder's proof (authentication, challenge, domain) and every
// embedded credential's issuer proof. Contexts come only from the wallet's shipped files; a
// did:key's document is made from the DID itself; nothing is fetched.
async function verifyLdpPresentation() {
  const vc = await load('@digitalbazaar/vc');
  const {DataIntegrityProof} = await load('@digitalbazaar/data-integrity');
  const {cryptosuite: eddsa} = await load('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
  const {cryptosuite: ecdsa} = await load('@digitalbazaar/ecdsa-rdfc-2019-cryptosuite');
  const folder = 'wallet/credentials/contexts';
  const {contexts} = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
  const shipped = new Map(contexts.map(c => [c.url, path.join(folder, c.file)]));
  const didKey = url => {
    const did = url.split('#')[0];
    const method = {'@context': 'https://w3id.org/security/multikey/v1', type: 'Multikey',
      id: `${did}#${did.slice(8)}`, controller: did, publicKeyMultibase: did.slice(8)};
    return url.includes('#') ? method : {'@context': ['https://www.w3.org/ns/did/v1',
      'https://w3id.org/security/multikey/v1'], id: did, verificationMethod: [method],
    assertionMethod: [method.id], authentication: [method.id]};
  };
  const documentLoader = async url => {
    if(shipped.has(url)) {
      return {documentUrl: url, document: JSON.parse(readFileSync(shipped.get(url), 'utf8'))};
    }
    if(url.startsWith('did:key:')) return {documentUrl: url, document: didKey(url)};
    throw new Error(`offline: ${url} is not a shipped context`);
  };
  const result = await vc.verify({presentation: input.presentation, challenge: input.challenge,
    domain: input.domain, documentLoader,
    suite: [eddsa, ecdsa].map(cryptosuite => new DataIntegrityProof({cryptosuite}))});
  // vc.verify gathers errors ("Verification error(s).") around the ones that say why.
  const causes = error => error?.errors ? error.errors.flatMap(causes) : [failure(error)];
  const errors = [result.presentationResult, ...(result.credentialResults ?? [])]
    .flatMap(r => (r?.results ?? []).map(p => p.error)).filter(Boolean).flatMap(causes);
  return {verified: result.verified, presentation_verified: result.presentationResult?.verified,
    credentials_verified: (result.credentialResults ?? []).map(r => r.verified),
    error: result.verified ? undefined : [...new Set(errors)].join('; ') || failure(result.error)};
}

const actions = {request, verify: verifyAnswer, ldp_presentation: verifyLdpPresentation};
if(!actions[input.action]) {
  console.error(`unknown action ${input.action}`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(await actions[input.action]()));
