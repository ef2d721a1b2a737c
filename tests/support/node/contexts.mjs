// Print the JSON-LD contexts that npm packages publish, for the URLs asked for.
// Input (stdin): [{"package": "<npm name>", "url": "<context URL>"}, ...]
// Output (stdout): {"<context URL>": <context as the package exports it>, ...}
// Each package exports a `contexts` Map keyed by URL; CommonJS and ES modules alike.
import {createRequire} from 'node:module';
import {readFileSync} from 'node:fs';

const require = createRequire(`${process.cwd()}/package.json`);
const wanted = JSON.parse(readFileSync(0, 'utf8'));
const found = {};
for(const {package: name, url} of wanted) {
  let module;
  try {
    module = await import(require.resolve(name));
  } catch(error) {
    console.error(`npm package ${name} is missing: run npm ci (${error.code || error.message})`);
    process.exit(3);
  }
  const contexts = module.contexts || module.default?.contexts;
  if(!contexts?.has(url)) {
    console.error(`${name} does not publish ${url}`);
    process.exit(4);
  }
  found[url] = contexts.get(url);
}
process.stdout.write(JSON.stringify(found));
