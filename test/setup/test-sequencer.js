/** Jest's own order, except that the fuzz stage (the longest file by far) starts first. */
const { sep } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const FUZZ_DIR = `${sep}test${sep}fuzz${sep}`;

class FuzzFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const first = (test) => (test.path.includes(FUZZ_DIR) ? 0 : 1);
    return [...sorted].sort((a, b) => first(a) - first(b));
  }
}
module.exports = FuzzFirstSequencer;
