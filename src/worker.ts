/**
 * The Worker entry point: the app over the index the build generated from content/,
 * and the problems of the newest content if it did not build (only ever in the
 * preview; `npm run build` leaves none).
 */
import { startWorker } from "./entry";
import { index } from "./generated/content";
import { problems } from "./generated/problems";

export default await startWorker(index, problems);
