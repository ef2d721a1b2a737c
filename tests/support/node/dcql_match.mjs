// The npm `dcql` package (OpenWallet Foundation's DCQL reference) answering DCQL queries: the
// independent side of the wallet's DCQL matching tests.
// Input (stdin): {"cases": [{"query": <dcql_query>, "credentials": [<DcqlCredential>…]}…]}.
// Output: per case {"satisfiable", "matches": {query id: [input credential indexes]}} or
// {"invalid": message} when the package refuses the query.
import {readFileSync} from 'node:fs';
import {load} from './packages.mjs';

const {DcqlQuery} = await load('dcql');
const {cases} = JSON.parse(readFileSync(0, 'utf8'));

const answer = ({query, credentials}) => {
  let parsed;
  try {
    parsed = DcqlQuery.parse(query);
    DcqlQuery.validate(parsed);
  } catch(error) {
    return {invalid: String(error.message || error).slice(0, 300)};
  }
  const result = DcqlQuery.query(parsed, credentials);
  const matches = Object.fromEntries(Object.entries(result.credential_matches).map(
    ([id, found]) => [id, (found.valid_credentials || []).map(c => c.input_credential_index)]));
  return {satisfiable: result.can_be_satisfied, matches};
};

process.stdout.write(JSON.stringify(cases.map(answer)));
