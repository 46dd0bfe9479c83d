// Checks CircleCI config files with CircleCI's own config parser (@circleci/circleci-config-parser, installed
// globally by .ci/run): the schema of every job, step and workflow, and that workflows name jobs that exist.
// Prints "<file>: valid" or "<file>: <the parser's error>" per file; exits 1 when any file is invalid.
const fs = require('fs');
const { parseConfig } = require('@circleci/circleci-config-parser');

let invalid = 0;
for (const file of process.argv.slice(2)) {
  try {
    parseConfig(fs.readFileSync(file, 'utf8'));
    console.log(`${file}: valid`);
  } catch (error) {
    invalid++;
    console.log(`${file}: ${error.message}`);
  }
}
process.exit(invalid ? 1 : 0);
