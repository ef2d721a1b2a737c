// A holder wallet built on Animo's OpenID4VCI 1.0 client (@openid4vc/openid4vci, @openid4vc/oauth2)
// receiving a credential from our issuer, for the interoperability tests.
// Input (stdin): {"offer": "openid-credential-offer://…" (by value or by reference), "tx_code"?,
//                 "configuration_id"?: "…" (else the offer's first)}
// Output (stdout): {"holder_jwk": <public JWK>, "configuration_id", "format", "credentials": […]}
// Our server is plain http on 127.0.0.1, which the client refuses unless its documented global
// setting allowInsecureUrls is on: the test turns it on for loopback only.
import {readFileSync} from 'node:fs';
import {createHash, generateKeyPairSync, randomBytes, sign} from 'node:crypto';
import {load} from './packages.mjs';

const {Openid4vciClient} = await load('@openid4vc/openid4vci');
const {clientAuthenticationAnonymous} = await load('@openid4vc/oauth2');
const {setGlobalConfig} = await load('@openid4vc/utils');

const request = JSON.parse(readFileSync(0, 'utf8'));
const offerUrl = new URL(request.offer.replace('openid-credential-offer://', 'https://offer.invalid/'));
const byValue = offerUrl.searchParams.get('credential_offer');
// By reference the client fetches the offer from its address first: that must be loopback too.
const address = byValue ? JSON.parse(byValue).credential_issuer : offerUrl.searchParams.get('credential_offer_uri');
if(!/^http:\/\/127\.0\.0\.1:\d+\//.test(address)) {
  console.error(`refusing plain http for ${address}: only loopback is allowed here`);
  process.exit(2);
}
setGlobalConfig({allowInsecureUrls: true});

// The wallet's own key, made here: the issuer must bind the credential to it.
const {privateKey, publicKey} = generateKeyPairSync('ec', {namedCurve: 'P-256'});
const holderJwk = publicKey.export({format: 'jwk'});
const b64url = value => Buffer.from(JSON.stringify(value)).toString('base64url');

const client = new Openid4vciClient({
  callbacks: {
    fetch,
    hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
    generateRandom: length => randomBytes(length),
    clientAuthentication: clientAuthenticationAnonymous(),
    signJwt: async (signer, {header, payload}) => {
      const input = `${b64url(header)}.${b64url(payload)}`;
      const signature = sign('sha256', Buffer.from(input), {key: privateKey, dsaEncoding: 'ieee-p1363'});
      return {jwt: `${input}.${signature.toString('base64url')}`, signerJwk: signer.publicJwk};
    },
  },
});

const credentialOffer = await client.resolveCredentialOffer(request.offer);
const issuerMetadata = await client.resolveIssuerMetadata(credentialOffer.credential_issuer);
const {accessTokenResponse} = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
  credentialOffer, issuerMetadata, txCode: request.tx_code,
});
const configurationId = request.configuration_id ?? credentialOffer.credential_configuration_ids[0];
const {c_nonce: nonce} = await client.requestNonce({issuerMetadata});
const {jwt} = await client.createCredentialRequestJwtProof({
  issuerMetadata,
  credentialConfigurationId: configurationId,
  nonce,
  signer: {method: 'jwk', publicJwk: holderJwk, alg: 'ES256'},
});
const response = await client.retrieveCredentials({
  issuerMetadata,
  accessToken: accessTokenResponse.access_token,
  credentialConfigurationId: configurationId,
  proofs: {jwt: [jwt]},
});
const format = issuerMetadata.credentialIssuer.credential_configurations_supported[configurationId].format;
process.stdout.write(JSON.stringify({
  holder_jwk: holderJwk,
  configuration_id: configurationId,
  format,
  credentials: response.credentialResponse.credentials.map(entry => entry.credential),
}));
