/** The Worker entry point: the app over the index `npm run build` generated from content/. */
import { createWorker } from "./entry";
import { index } from "./generated/content";

export default createWorker(index);
