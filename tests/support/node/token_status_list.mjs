// A verifier's reading of an SD-JWT VC's status with @sd-jwt/jwt-status-list (npm), for the
// interoperability tests: the credential's status reference, then the Status List Token fetched
// from it over HTTP (loopback only) and decoded by the library. Signatures are not its concern
// here (the library reads without verifying); our own verifier checks them.
// Input (stdin): {"credential": "<issuer-signed JWT>~<disclosures>~"}
// Output (stdout): {"idx", "uri", "content_type", "header", "sub", "bits", "status"}
import {readFileSync} from 'node:fs';
import {load} from './packages.mjs';

const {getStatusListFromJWT, getListFromStatusListJWT} = await load('@sd-jwt/jwt-status-list');

const request = JSON.parse(readFileSync(0, 'utf8'));
const {idx, uri} = getStatusListFromJWT(request.credential.split('~')[0]);
if(!/^http:\/\/127\.0\.0\.1:\d+\//.test(uri)) {
  console.error(`refusing to fetch ${uri}: only loopback is allowed here`);
  process.exit(2);
}
const response = await fetch(uri, {headers: {Accept: 'application/statuslist+jwt'}});
if(!response.ok) {
  console.error(`${uri} answered ${response.status}`);
  process.exit(1);
}
const token = (await response.text()).trim();
const list = getListFromStatusListJWT(token);
const [header, payload] = token.split('.', 2).map(part => JSON.parse(Buffer.from(part, 'base64url')));
process.stdout.write(JSON.stringify({
  idx, uri,
  content_type: response.headers.get('content-type'),
  header,
  sub: payload.sub,
  bits: list.getBitsPerStatus(),
  status: list.getStatus(idx),
}));
