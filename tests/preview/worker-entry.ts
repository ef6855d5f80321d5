/**
 * The Worker entry the preview test serves: src/entry.ts over the index and problems
 * that the preview runner, started by tests/preview/preview.test.ts, writes into
 * `.edgefeed/preview-test/`. It is src/worker.ts with another build directory, so the
 * test never touches the publisher's own build. (Not type-checked: it imports
 * generated modules.)
 */
import { startWorker } from "../../src/entry";
import { index } from "../../.edgefeed/preview-test/content";
import { problems } from "../../.edgefeed/preview-test/problems";

export default await startWorker(index, problems);
