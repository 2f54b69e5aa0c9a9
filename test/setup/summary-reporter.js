/** Prints skipped suites with their reasons and a plain closing line: "Tests: N passed, N failed, N skipped". */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = [];
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status === 'pending' || test.status === 'skipped') skipped.push(test.fullName);
      }
    }
    const out = process.stdout;
    if (skipped.length) {
      out.write('\nSkipped (not counted as passed):\n');
      for (const name of skipped) out.write(`  SKIPPED ${name}\n`);
    }
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    out.write(
      `\nTests: ${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests + results.numTodoTests} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
