// Load an npm package from the project's node_modules, or stop with exit code 3 saying to run
// npm ci (the Python side turns that into a clear test failure).
import {createRequire} from 'node:module';

const require = createRequire(`${process.cwd()}/package.json`);

export const load = async name => {
  try {
    return await import(require.resolve(name));
  } catch(error) {
    console.error(`npm package ${name} is missing: run npm ci (${error.code || error.message})`);
    process.exit(3);
  }
};
