/**
 * The Worker entry the tests serve (through SELF and wrangler dev): src/entry.ts over
 * the served fixture's index, which tests/support/served-fixture.ts builds before any
 * test runs. It is the production entry with another index, so the tests never touch
 * the publisher's own build. (Not type-checked: the module it imports is generated.)
 */
import { startWorker } from "../../src/entry";
import { index } from "../../.edgefeed/test/content";

export default await startWorker(index);
