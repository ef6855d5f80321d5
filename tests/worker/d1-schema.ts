// Before each test file of the Workers project: the subscriber counts' schema
// (migrations/) applied to the STATS_DB that wrangler.toml binds, as a deploy does.
import { applyD1Migrations, env } from "cloudflare:test";
import type { D1Migration } from "cloudflare:test";

const bindings = env as unknown as { STATS_DB: D1Database; STATS_MIGRATIONS: D1Migration[] };
await applyD1Migrations(bindings.STATS_DB, bindings.STATS_MIGRATIONS);
