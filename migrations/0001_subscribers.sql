-- Subscriber counts (src/stats/, docs/stats.md). Days are UTC days since 1970-01-01;
-- a feed is its scope's key (site, tags/<slug>, tags/<a>+<b>, authors/<slug>) and a
-- format (rss, atom, json). No address is ever stored: a client is a keyed hash whose
-- key (the salt) is random, kept for its own day only, then deleted.

-- Today's salt, and how many client rows the day has written (the write budget's gauge).
CREATE TABLE stats_salts (
  day INTEGER PRIMARY KEY,
  salt TEXT NOT NULL,
  pairs INTEGER NOT NULL DEFAULT 0
);

-- One row per (day, feed, format, client) for readers that poll for one person. Kept
-- until the day has been summed into stats_totals (the first poll of a later day).
-- `weight` is 1, or 2^k for a client kept by sampling (past the day's write budget).
CREATE TABLE stats_clients (
  day INTEGER NOT NULL,
  feed TEXT NOT NULL,
  format TEXT NOT NULL,
  client TEXT NOT NULL,
  weight INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (day, feed, format, client)
) WITHOUT ROWID;

-- A cloud reader's highest reported figure of the day, per reader and reader feed id.
CREATE TABLE stats_readers (
  day INTEGER NOT NULL,
  feed TEXT NOT NULL,
  format TEXT NOT NULL,
  reader TEXT NOT NULL,
  feed_id TEXT NOT NULL,
  subscribers INTEGER NOT NULL,
  PRIMARY KEY (day, feed, format, reader, feed_id)
) WITHOUT ROWID;

-- Past days' client counts, per format and ('*') all formats together (distinct clients).
CREATE TABLE stats_totals (
  day INTEGER NOT NULL,
  feed TEXT NOT NULL,
  format TEXT NOT NULL,
  clients INTEGER NOT NULL,
  PRIMARY KEY (day, feed, format)
) WITHOUT ROWID;
