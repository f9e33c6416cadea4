// Child process for pdf.test.ts: opens the renderer, prints the browser pid and profile, then waits to be signalled.
import { withPdfRenderer } from '../../harness/report/pdf.js';

await withPdfRenderer(async (renderer, reason) => {
  if (!renderer) { console.log(`NONE ${reason}`); return; }
  console.log(`PROFILE ${renderer.profile}`);
  console.log(`PID ${renderer.browserPid}`);
  await new Promise(() => {}); // never resolves; only a signal ends this process
});
