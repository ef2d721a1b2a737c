// SD-JWT VCs issued and verified by the TypeScript reference libraries (@sd-jwt/*), for the
// interoperability tests. Input (stdin) is one JSON request; output (stdout) one JSON answer.
//   {"action": "issue", "issuer_jwk": <private JWK>, "kid", "payload", "frame", "status_list"?}
//     -> {"token", "status_list_token"?}   status_list: {"uri", "bits", "statuses": {idx: value}}
//   {"action": "verify", "issuer_jwk": <public JWK>, "token", "nonce"?, "now"}
//     -> {"ok": true, "payload", "kb"} or {"ok": false, "error"}
import {readFileSync} from 'node:fs';
import {createPublicKey, verify as verifySignature} from 'node:crypto';
import {load} from './packages.mjs';

const {SDJwtVcInstance} = await load('@sd-jwt/sd-jwt-vc');
const {digest, generateSalt, ES256} = await load('@sd-jwt/crypto-nodejs');
const {StatusList, createHeaderAndPayload} = await load('@sd-jwt/jwt-status-list');

const request = JSON.parse(readFileSync(0, 'utf8'));
const b64url = value => Buffer.from(JSON.stringify(value)).toString('base64url');

// ES256 (or EdDSA for an OKP key, as a learner's wallet key is) over "header.payload" with a
// public JWK (the holder's from cnf, or the issuer's).
const verifierFor = jwk => async (data, signature) => {
  const key = createPublicKey({key: jwk, format: 'jwk'});
  const [algorithm, options] = jwk.kty === 'OKP' ? [null, key] : ['sha256', {key, dsaEncoding: 'ieee-p1363'}];
  return verifySignature(algorithm, Buffer.from(data), options, Buffer.from(signature, 'base64url'));
};

if(request.action === 'issue') {
  const signer = await ES256.getSigner(request.issuer_jwk);
  const sdjwt = new SDJwtVcInstance({signer, signAlg: 'ES256', hasher: digest, hashAlg: 'sha-256',
    saltGenerator: generateSalt});
  const token = await sdjwt.issue(request.payload, request.frame, {header: {kid: request.kid}});
  const answer = {token};
  if(request.status_list) {
    const {uri, bits, statuses} = request.status_list;
    const values = new Array(1024).fill(0);
    for(const [index, value] of Object.entries(statuses)) values[Number(index)] = value;
    const list = new StatusList(values, bits);
    const {header, payload} = createHeaderAndPayload(list,
      {iss: request.payload.iss, sub: uri, iat: request.payload.iat, ttl: 300},
      {alg: 'ES256', typ: 'statuslist+jwt', kid: request.kid});
    const data = `${b64url(header)}.${b64url(payload)}`;
    answer.status_list_token = `${data}.${await signer(data)}`;
  }
  process.stdout.write(JSON.stringify(answer));
} else if(request.action === 'verify') {
  const sdjwt = new SDJwtVcInstance({hasher: digest, verifier: verifierFor(request.issuer_jwk),
    kbVerifier: async (data, signature, payload) => verifierFor(payload.cnf.jwk)(data, signature)});
  try {
    const result = await sdjwt.verify(request.token, {keyBindingNonce: request.nonce,
      currentDate: request.now});
    process.stdout.write(JSON.stringify({ok: true, payload: result.payload, kb: result.kb?.payload}));
  } catch(error) {
    process.stdout.write(JSON.stringify({ok: false, error: error.message}));
  }
}
