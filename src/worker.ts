/** The Worker entry point: the app over the bundled content, on the real clock. */
import { createApp } from "./app";
import { bundle } from "./generated/content";

const { app } = createApp({ bundle });

export default app;
