// An OpenID4VCI 1.0 issuer (pre-authorized and authorization code flows) built on Animo's @openid4vc/openid4vci
// and @openid4vc/oauth2, issuing SD-JWT VCs with @sd-jwt/sd-jwt-vc: the independent issuer of
// the wallet's interoperability tests. It listens on 127.0.0.1 and prints {"url"} when ready.
// Input (stdin) is one JSON object: {"issuer_jwk": <private P-256 JWK>, "iss", "kid", "claims"}.
// The test drives it over HTTP:
//   POST /test/offer {"tx_code"?, "expires_in"?} -> {"offer": "openid-credential-offer://…"}
//     ({"authorization_code": true}: an offer by authorization code, openid4vci_authorization.mjs)
//   POST /test/authorization {"par"?, "deny"?}  -> pushed requests required; the person refuses
//   POST /test/forge {"on": bool}               -> credentials signed by a key not the issuer's
//   POST /test/deferred {"on"?, "ready"?, "interval"?, "forget"?} -> deferred issuance: the
//     credential endpoint answers a transaction, /deferred the credential once "ready"
import {readFileSync} from 'node:fs';
import {createServer} from 'node:http';
import crypto from 'node:crypto';
import {load} from './packages.mjs';
import {authorizationCodeGrant} from './openid4vci_authorization.mjs';

const {Openid4vciIssuer, Openid4vciVersion} = await load('@openid4vc/openid4vci');
const {Oauth2AuthorizationServer, Oauth2ErrorCodes, Oauth2ServerErrorResponseError,
  preAuthorizedCodeGrantIdentifier, setGlobalConfig} = await load('@openid4vc/oauth2');
// The library insists on https; this issuer only ever listens on loopback, where tests run.
setGlobalConfig({allowInsecureUrls: true});
const {SDJwtVcInstance} = await load('@sd-jwt/sd-jwt-vc');
const {digest, generateSalt, ES256} = await load('@sd-jwt/crypto-nodejs');

const setup = JSON.parse(readFileSync(0, 'utf8'));
const b64url = value => Buffer.from(JSON.stringify(value)).toString('base64url');
const {d: _private, ...issuerPublicJwk} = setup.issuer_jwk;

// The callbacks the library leaves to its user: JWTs signed and verified with node:crypto.
const signWith = (jwk, data) => crypto.sign('sha256', Buffer.from(data),
  {key: crypto.createPrivateKey({key: jwk, format: 'jwk'}), dsaEncoding: 'ieee-p1363'}).toString('base64url');
const verifyWith = (jwk, data, signature) => {
  const key = crypto.createPublicKey({key: jwk, format: 'jwk'});
  const [algorithm, options] = jwk.kty === 'OKP' ? [null, key] : ['sha256', {key, dsaEncoding: 'ieee-p1363'}];
  return crypto.verify(algorithm, Buffer.from(data), options, Buffer.from(signature, 'base64url'));
};
const callbacks = {
  hash: (data, alg) => new Uint8Array(crypto.createHash(alg.replace('-', '').toLowerCase()).update(data).digest()),
  generateRandom: length => new Uint8Array(crypto.randomBytes(length)),
  signJwt: async (signer, {header, payload}) => {
    const data = `${b64url(header)}.${b64url(payload)}`;
    return {jwt: `${data}.${signWith(setup.issuer_jwk, data)}`, signerJwk: issuerPublicJwk};
  },
  verifyJwt: async (signer, {compact}) => {
    if(signer.method !== 'jwk') return {verified: false};  // this issuer binds to JWKs only
    const [header, payload, signature] = compact.split('.');
    return {verified: verifyWith(signer.publicJwk, `${header}.${payload}`, signature), signerJwk: signer.publicJwk};
  },
  clientAuthentication: () => {},  // pre-authorized: anonymous access
};

const issuer = new Openid4vciIssuer({callbacks});
const authorizationServer = new Oauth2AuthorizationServer({callbacks});
let url;
let issuerMetadata;
const byAuthorization = authorizationCodeGrant({authorizationServer, requestLike: request => requestLike(request),
  serverMetadata: () => issuerMetadata.authorizationServers[0]});
const offers = new Map();  // pre-authorized code -> {txCode, expiresAt}
const accessTokens = new Set();
const nonces = new Map();  // c_nonce -> expiry
let forge = false;
let deferral = {on: false, ready: false, interval: 1};
const transactions = new Map();  // transaction_id -> the credential issued for it, until fetched

function metadataFor(base) {
  const credentialIssuer = issuer.createCredentialIssuerMetadata({
    credential_issuer: base,
    credential_endpoint: `${base}/credential`,
    nonce_endpoint: `${base}/nonce`,
    deferred_credential_endpoint: `${base}/deferred`,
    display: [{name: 'Test issuer (@openid4vc)', locale: 'en'}],
    credential_configurations_supported: {
      learning_credential_sd_jwt: {
        format: 'dc+sd-jwt',
        vct: setup.claims.vct,
        cryptographic_binding_methods_supported: ['jwk'],
        credential_signing_alg_values_supported: ['ES256'],
        proof_types_supported: {jwt: {proof_signing_alg_values_supported: ['ES256', 'EdDSA']}},
        credential_metadata: {display: [{name: 'Learning credential', locale: 'en'},
                                        {name: 'Lärandebevis', locale: 'sv'}]},
      },
    },
  });
  const server = authorizationServer.createAuthorizationServerMetadata({
    issuer: base,
    token_endpoint: `${base}/token`,
    'pre-authorized_grant_anonymous_access_supported': true,
    ...byAuthorization.metadata(base),
  });
  return {originalDraftVersion: Openid4vciVersion.V1, credentialIssuer, authorizationServers: [server],
    knownCredentialConfigurations: issuer.getKnownCredentialConfigurationsSupported(credentialIssuer)};
}

const read = request => new Promise(resolve => {
  const chunks = [];
  request.on('data', chunk => chunks.push(chunk));
  request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
});
const requestLike = request => ({method: request.method, url: `${url}${request.url}`,
  headers: new Headers(Object.entries(request.headers))});

async function token(request, body) {
  const accessTokenRequest = Object.fromEntries(new URLSearchParams(body));
  const parsed = authorizationServer.parseAccessTokenRequest({request: requestLike(request), accessTokenRequest});
  if(byAuthorization.handles(parsed.grant)) return accessToken(await byAuthorization.verifyToken(request, parsed));
  const code = parsed.grant.preAuthorizedCode;
  const offer = offers.get(code);
  await authorizationServer.verifyPreAuthorizedCodeAccessTokenRequest({
    authorizationServerMetadata: issuerMetadata.authorizationServers[0],
    grant: parsed.grant, accessTokenRequest: parsed.accessTokenRequest, request: requestLike(request),
    // An unknown or used code is checked against a value it can never equal.
    expectedPreAuthorizedCode: offer ? code : crypto.randomUUID(),
    expectedTxCode: offer?.txCode, preAuthorizedCodeExpiresAt: offer?.expiresAt,
  });
  offers.delete(code);  // one use only
  return accessToken();
}

async function accessToken(clientId) {
  const response = await authorizationServer.createAccessTokenResponse({
    authorizationServer: url, audience: url, subject: 'learner', expiresInSeconds: 300, clientId,
    signer: {method: 'jwk', publicJwk: issuerPublicJwk, alg: 'ES256'},
  });
  accessTokens.add(response.access_token);
  return response;
}

function nonce() {
  const cNonce = crypto.randomBytes(16).toString('base64url');
  nonces.set(cNonce, new Date(Date.now() + 300_000));
  return issuer.createNonceResponse({cNonce, cNonceExpiresIn: 300});
}

async function credential(request, body) {
  if(!accessTokens.has((request.headers.authorization || '').replace(/^Bearer /, ''))) {
    return [401, {error: 'invalid_token'}];
  }
  const credentialRequest = issuer.parseCredentialRequest({issuerMetadata, credentialRequest: JSON.parse(body)});
  const jwts = credentialRequest.proofs?.jwt ?? [];
  const proofNonce = JSON.parse(Buffer.from((jwts[0] || '..').split('.')[1], 'base64url').toString() || '{}').nonce;
  if(!nonces.has(proofNonce)) return [400, {error: 'invalid_nonce'}];
  const {signer} = await issuer.verifyCredentialRequestJwtProof({issuerMetadata, jwt: jwts[0],
    expectedNonce: proofNonce, nonceExpiresAt: nonces.get(proofNonce)});
  nonces.delete(proofNonce);
  const signingJwk = forge ? crypto.generateKeyPairSync('ec', {namedCurve: 'P-256'}).privateKey.export({format: 'jwk'})
    : setup.issuer_jwk;
  const sdjwt = new SDJwtVcInstance({signer: await ES256.getSigner(signingJwk), signAlg: 'ES256',
    hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt});
  const payload = {...setup.claims, iss: setup.iss, cnf: {jwk: signer.publicJwk}};
  const issued = await sdjwt.issue(payload, {_sd: ['given_name', 'family_name']}, {header: {kid: setup.kid}});
  if(deferral.on) {
    const transactionId = crypto.randomBytes(16).toString('base64url');
    transactions.set(transactionId, issued);
    return [202, issuer.createCredentialResponse({credentialRequest, transactionId, interval: deferral.interval})];
  }
  return [200, issuer.createCredentialResponse({credentialRequest, credentials: [{credential: issued}]})];
}

async function deferredCredential(request, body) {
  if(!accessTokens.has((request.headers.authorization || '').replace(/^Bearer /, ''))) {
    return [401, {error: 'invalid_token'}];
  }
  const {deferredCredentialRequest} = issuer.parseDeferredCredentialRequest({deferredCredentialRequest: JSON.parse(body)});
  const transactionId = deferredCredentialRequest.transaction_id;
  if(!transactions.has(transactionId)) {
    throw new Oauth2ServerErrorResponseError({error: Oauth2ErrorCodes.InvalidTransactionId});
  }
  if(!deferral.ready) {
    return [202, issuer.createDeferredCredentialResponse({transactionId, interval: deferral.interval})];
  }
  const credential = transactions.get(transactionId);
  transactions.delete(transactionId);  // one fetch only
  return [200, issuer.createDeferredCredentialResponse({credentials: [{credential}]})];
}

function testDeferred(body) {
  const {forget, ...settings} = JSON.parse(body);
  if(forget) transactions.clear();
  deferral = {...deferral, ...settings};
  return deferral;
}

async function testOffer(body) {
  const {tx_code: txCode, expires_in: expiresIn = 300, authorization_code: byCode} = JSON.parse(body || '{}');
  const code = crypto.randomBytes(16).toString('base64url');
  offers.set(code, {txCode, expiresAt: new Date(Date.now() + expiresIn * 1000)});
  const grant = {'pre-authorized_code': code};
  if(txCode) grant.tx_code = {input_mode: 'numeric', length: txCode.length, description: 'Sent by text message'};
  const {credentialOffer} = await issuer.createCredentialOffer({issuerMetadata,
    credentialConfigurationIds: ['learning_credential_sd_jwt'],
    grants: byCode ? byAuthorization.offerGrants() : {[preAuthorizedCodeGrantIdentifier]: grant}});
  return {offer: credentialOffer};
}

const routes = {
  'GET /.well-known/openid-credential-issuer': async () => [200, issuerMetadata.credentialIssuer],
  'GET /.well-known/oauth-authorization-server': async () => [200, issuerMetadata.authorizationServers[0]],
  'POST /token': async (request, body) => [200, await token(request, body)],
  'POST /nonce': async () => [200, nonce()],
  'POST /credential': credential,
  'POST /deferred': deferredCredential,
  'POST /test/offer': async (request, body) => [200, await testOffer(body)],
  'POST /test/forge': async (request, body) => { forge = JSON.parse(body).on; return [200, {forge}]; },
  'POST /test/deferred': async (request, body) => [200, testDeferred(body)],
  ...byAuthorization.routes,
};

const server = createServer(async (request, response) => {
  let status = 404;
  let answer = {error: 'not_found'};
  let headers = {};
  try {
    const route = routes[`${request.method} ${request.url.split('?')[0]}`];
    if(route) [status, answer, headers = {}] = await route(request, await read(request));
  } catch(error) {
    if(process.env.VCI_DEBUG) console.error(error);
    [status, answer] = error instanceof Oauth2ServerErrorResponseError
      ? [error.status ?? 400, error.errorResponse] : [500, {error: 'server_error', error_description: error.message}];
  }
  response.writeHead(status, {'Content-Type': 'application/json', ...headers});
  response.end(JSON.stringify(answer));
});
server.listen(0, '127.0.0.1', () => {
  url = `http://localhost:${server.address().port}`;
  issuerMetadata = metadataFor(url);
  process.stdout.write(`${JSON.stringify({url})}\n`);
});
