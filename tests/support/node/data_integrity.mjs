// Digital Bazaar's Data Integrity libraries, offline, as an independent implementation.
// Run from the project's root. Input (stdin): {"action": ..., ...}
//   issue:     {"credential": {...}, "suite": "eddsa-rdfc-2022" | "ecdsa-rdfc-2019" |
//               "Ed25519Signature2020", "curve": "P-256" | "P-384"} -> the signed credential
//   verify:    {"credential": {...}} -> {"verified": bool, "error": "..."}
//   canonize:  {"document": {...}} -> {"nquads": "..."} (RDFC-1.0, safe mode)
// Keys are did:key Multikeys made for each run. Contexts come only from the wallet's shipped
// files (the manifest's URLs); did:key documents are built here; nothing is fetched.
import {readFileSync} from 'node:fs';
import path from 'node:path';

let libraries;
try {
  libraries = {
    vc: await import('@digitalbazaar/vc'),
    jsonld: (await import('jsonld')).default,
    dataIntegrity: await import('@digitalbazaar/data-integrity'),
    eddsaRdfc: await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
    ecdsaRdfc: await import('@digitalbazaar/ecdsa-rdfc-2019-cryptosuite'),
    ed25519Multikey: await import('@digitalbazaar/ed25519-multikey'),
    ecdsaMultikey: await import('@digitalbazaar/ecdsa-multikey'),
    ed2020: await import('@digitalbazaar/ed25519-signature-2020'),
    ed2020Key: await import('@digitalbazaar/ed25519-verification-key-2020')
  };
} catch(error) {
  console.error(`an npm package is missing: run npm ci (${error.code || error.message})`);
  process.exit(3);
}
const {vc, jsonld, dataIntegrity, eddsaRdfc, ecdsaRdfc, ed25519Multikey, ecdsaMultikey,
  ed2020, ed2020Key} = libraries;

const input = JSON.parse(readFileSync(0, 'utf8'));
const contexts = shippedContexts('wallet/credentials/contexts');
const keys = new Map(); // did:key method id -> exported public key document

function shippedContexts(folder) {
  const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
  return new Map(manifest.contexts.map(({url, file}) =>
    [url, JSON.parse(readFileSync(path.join(folder, file), 'utf8'))]));
}

async function documentLoader(url) {
  if(contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  if(url.startsWith('did:key:')) {
    return {contextUrl: null, documentUrl: url, document: await didKeyDocument(url)};
  }
  throw new Error(`offline: ${url} is not a shipped context`);
}

async function didKeyDocument(url) {
  const [did, fragment] = url.split('#');
  const methodId = `${did}#${did.slice('did:key:'.length)}`;
  let method = keys.get(methodId);
  if(!method) {
    // A did:key made elsewhere (the wallet's own signing): its Multikey is the DID itself.
    const multikey = did.slice('did:key:'.length);
    method = {'@context': 'https://w3id.org/security/multikey/v1', id: methodId,
      type: 'Multikey', controller: did, publicKeyMultibase: multikey};
  }
  if(fragment) {
    return method;
  }
  return {'@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did, verificationMethod: [method], assertionMethod: [methodId],
    authentication: [methodId]};
}

// The credential is issued by the key made for it: its issuer becomes that did:key.
function issuedBy(credential, did) {
  if(credential.issuer && typeof credential.issuer === 'object') {
    return {...credential, issuer: {...credential.issuer, id: did}};
  }
  return {...credential, issuer: did};
}

async function suiteFor(name, curve) {
  let keyPair;
  let makeSuite;
  if(name === 'Ed25519Signature2020') {
    keyPair = await ed2020Key.Ed25519VerificationKey2020.generate();
    makeSuite = key => new ed2020.Ed25519Signature2020({key});
  } else {
    keyPair = name === 'ecdsa-rdfc-2019' ?
      await ecdsaMultikey.generate({curve}) : await ed25519Multikey.generate();
    const cryptosuite = name === 'ecdsa-rdfc-2019' ?
      ecdsaRdfc.cryptosuite : eddsaRdfc.cryptosuite;
    makeSuite = key => new dataIntegrity.DataIntegrityProof({signer: key.signer(), cryptosuite});
  }
  const fingerprint = keyPair.publicKeyMultibase;
  keyPair.controller = `did:key:${fingerprint}`;
  keyPair.id = `${keyPair.controller}#${fingerprint}`;
  const exported = await keyPair.export({publicKey: true, includeContext: true});
  keys.set(keyPair.id, exported);
  return makeSuite(keyPair);
}

function verifyingSuites() {
  return [
    new dataIntegrity.DataIntegrityProof({cryptosuite: eddsaRdfc.cryptosuite}),
    new dataIntegrity.DataIntegrityProof({cryptosuite: ecdsaRdfc.cryptosuite}),
    new ed2020.Ed25519Signature2020()
  ];
}

let output;
if(input.action === 'issue') {
  const suite = await suiteFor(input.suite, input.curve || 'P-256');
  const credential = issuedBy(input.credential, suite.verificationMethod.split('#')[0]);
  output = await vc.issue({credential, suite, documentLoader});
} else if(input.action === 'verify') {
  const result = await vc.verifyCredential(
    {credential: input.credential, suite: verifyingSuites(), documentLoader});
  output = {verified: result.verified, error: result.error ? String(result.error) : null};
} else if(input.action === 'canonize') {
  const nquads = await jsonld.canonize(input.document, {
    algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader, safe: true
  });
  output = {nquads};
} else {
  console.error(`unknown action ${input.action}`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(output));
