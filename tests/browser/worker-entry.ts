/**
 * The Worker entry the browser tests serve through wrangler dev: src/entry.ts over the
 * served fixture built into `.edgefeed/browser-test/` by tests/browser/serve.ts. The
 * worker tests build the same fixture into `.edgefeed/test/` at the same time; a build
 * of its own means no other project's build can make wrangler dev reload (and refuse
 * connections) while a browser test is talking to it. (Not type-checked: the module it
 * imports is generated.)
 */
import { startWorker } from "../../src/entry";
import { index } from "../../.edgefeed/browser-test/content";

export default await startWorker(index);
