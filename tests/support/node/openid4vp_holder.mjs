// A holder wallet answering OUR OpenID4VP 1.0 request with independent libraries, for the
// interoperability tests: Animo's @openid4vc/openid4vp parses the link, fetches and verifies the
// signed request object (decentralized_identifier client) and makes the answer; dcql picks the
// claims; @sd-jwt/sd-jwt-vc issues the learner's credential and presents it with a key-binding
// JWT. The library leaves JWE to a callback: ECDH-ES with A128GCM/A256GCM is done here with
// node:crypto (RFC 7518 4.6), nothing of ours.
// Input (stdin): {"link", "request_object" (what request_uri serves), "issuer_jwk" (private),
//                 "issuer_kid", "payload", "frame", "now" (seconds)}
// Output (stdout): {"form": <the fields the library posted>, "client", "query_id", "disclosed"}
import {readFileSync} from 'node:fs';
import {createCipheriv, createHash, createPublicKey, diffieHellman, generateKeyPairSync,
  randomBytes, verify as verifySignature} from 'node:crypto';
import {load} from './packages.mjs';

const {parseOpenid4vpAuthorizationRequest, resolveOpenid4vpAuthorizationRequest,
  createOpenid4vpAuthorizationResponse, submitOpenid4vpAuthorizationResponse} =
  await load('@openid4vc/openid4vp');
const {DcqlQuery} = await load('dcql');
const {SDJwtVcInstance} = await load('@sd-jwt/sd-jwt-vc');
const {digest, generateSalt, ES256} = await load('@sd-jwt/crypto-nodejs');

const input = JSON.parse(readFileSync(0, 'utf8'));
const json = value => Buffer.from(JSON.stringify(value)).toString('base64url');
const sha256 = data => createHash('sha256').update(data).digest();

// did:jwk is resolved here from the DID itself; any other DID method is refused.
const didJwk = didUrl => {
  const did = didUrl.split('#')[0];
  if(!did.startsWith('did:jwk:')) throw new Error(`cannot resolve ${did}`);
  return JSON.parse(Buffer.from(did.slice('did:jwk:'.length), 'base64url').toString('utf8'));
};
const es256Valid = (jwk, compact) => {
  const [header, payload, signature] = compact.split('.');
  return verifySignature('sha256', Buffer.from(`${header}.${payload}`),
    {key: createPublicKey({key: jwk, format: 'jwk'}), dsaEncoding: 'ieee-p1363'},
    Buffer.from(signature, 'base64url'));
};

// ECDH-ES (direct key agreement) with the Concat KDF, then AES-GCM over the protected header.
const encryptJwe = async (encryptor, plaintext) => {
  const bits = {A128GCM: 128, A256GCM: 256}[encryptor.enc];
  if(encryptor.alg !== 'ECDH-ES' || !bits) throw new Error(`unsupported ${encryptor.alg}/${encryptor.enc}`);
  const ephemeral = generateKeyPairSync('ec', {namedCurve: 'P-256'});
  const {kty, crv, x, y} = ephemeral.publicKey.export({format: 'jwk'});
  const header = {alg: 'ECDH-ES', enc: encryptor.enc, kid: encryptor.publicJwk.kid,
    epk: {kty, crv, x, y}};
  if(encryptor.apu) header.apu = encryptor.apu;
  if(encryptor.apv) header.apv = encryptor.apv;
  const shared = diffieHellman({privateKey: ephemeral.privateKey,
    publicKey: createPublicKey({key: encryptor.publicJwk, format: 'jwk'})});
  const field = data => { const length = Buffer.alloc(4); length.writeUInt32BE(data.length); return Buffer.concat([length, data]); };
  const suppPubInfo = Buffer.alloc(4); suppPubInfo.writeUInt32BE(bits);
  const otherInfo = Buffer.concat([field(Buffer.from(encryptor.enc)),
    field(Buffer.from(encryptor.apu ?? '', 'base64url')), field(Buffer.from(encryptor.apv ?? '', 'base64url')), suppPubInfo]);
  const key = sha256(Buffer.concat([Buffer.from([0, 0, 0, 1]), shared, otherInfo])).subarray(0, bits / 8);
  const protectedHeader = json(header);
  const iv = randomBytes(12);
  const cipher = createCipheriv(`aes-${bits}-gcm`, key, iv);
  cipher.setAAD(Buffer.from(protectedHeader, 'ascii'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [protectedHeader, '', iv, ciphertext, cipher.getAuthTag()];
  return {encryptionJwk: encryptor.publicJwk,
    jwe: parts.map(p => typeof p === 'string' ? p : p.toString('base64url')).join('.')};
};

const callbacks = {
  hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
  fetch: async url => new Response(input.request_object, {status: 200,
    headers: {'Content-Type': 'application/oauth-authz-req+jwt'}}),
  verifyJwt: async (signer, {compact}) => {
    if(signer.method !== 'did') return {verified: false};
    const signerJwk = didJwk(signer.didUrl);
    return {verified: es256Valid(signerJwk, compact), signerJwk};
  },
  encryptJwe,
};

const parsed = parseOpenid4vpAuthorizationRequest({authorizationRequest: input.link});
const resolved = await resolveOpenid4vpAuthorizationRequest({
  authorizationRequestPayload: parsed.params, callbacks});
const request = resolved.authorizationRequestPayload;

// The learner's credential, issued to a key made here, then matched against the query.
const holder = generateKeyPairSync('ec', {namedCurve: 'P-256'});
const holderJwk = holder.privateKey.export({format: 'jwk'});
const {d, ...holderPublic} = holderJwk;
const issuer = new SDJwtVcInstance({signer: await ES256.getSigner(input.issuer_jwk), signAlg: 'ES256',
  hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt,
  kbSigner: await ES256.getSigner(holderJwk), kbSignAlg: 'ES256'});
const credential = await issuer.issue({...input.payload, cnf: {jwk: holderPublic}}, input.frame,
  {header: {kid: input.issuer_kid}});
const claims = await issuer.getClaims(credential);
const query = DcqlQuery.parse(resolved.dcql.query);
DcqlQuery.validate(query);
const result = DcqlQuery.query(query, [{credential_format: 'dc+sd-jwt', vct: claims.vct, claims,
  cryptographic_holder_binding: true}]);
if(!result.can_be_satisfied) throw new Error('our credential does not satisfy the query');
const asked = query.credentials.find(q => q.format === 'dc+sd-jwt');
const frame = Object.fromEntries((asked.claims ?? []).map(c => [c.path[0], true]));
const presentation = await issuer.present(credential, frame, {kb: {payload: {
  iat: input.now, aud: resolved.client.effective, nonce: request.nonce}}});

const response = await createOpenid4vpAuthorizationResponse({
  authorizationRequestPayload: request,
  authorizationResponsePayload: {vp_token: {[asked.id]: [presentation]}},
  jarm: {encryption: {nonce: randomBytes(16).toString('base64url')}, serverMetadata: {
    authorization_signing_alg_values_supported: [],
    authorization_encryption_alg_values_supported: ['ECDH-ES'],
    authorization_encryption_enc_values_supported: ['A128GCM', 'A256GCM']}},
  callbacks,
});
// Submitted as the library posts it, to a fetch that keeps the form instead of sending it.
let posted;
await submitOpenid4vpAuthorizationResponse({
  authorizationRequestPayload: request,
  authorizationResponsePayload: response.authorizationResponsePayload,
  jarm: response.jarm ? {responseJwt: response.jarm.responseJwt} : undefined,
  callbacks: {fetch: async (url, init) => {
    posted = {url: String(url), body: String(init.body)};
    return new Response(JSON.stringify({redirect_uri: 'https://portal.invalid/done'}),
      {status: 200, headers: {'Content-Type': 'application/json'}});
  }},
});
process.stdout.write(JSON.stringify({
  form: Object.fromEntries(new URLSearchParams(posted.body)), posted_to: posted.url,
  client: {prefix: resolved.client.prefix, effective: resolved.client.effective},
  query_id: asked.id, disclosed: Object.keys(await issuer.getClaims(presentation)),
}));
