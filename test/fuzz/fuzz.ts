/** `npm run test:fuzz`: the fuzz stage on its own, with schemathesis printing as it goes. */
import { runFuzz } from './fuzz-run';

runFuzz({ log: (line) => console.log(line), output: 'inherit' }).then(
  (result) => {
    console.log(result.passed ? 'fuzz passed' : 'FUZZ FAILED (see schemathesis output above)');
    process.exit(result.passed ? 0 : 1);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
