"""A measurement, not Regie's code (docs/performance.md, "The way to 3.4 KB a household", 2026-12-07): how
small each kind of stored JSON document gets with raw deflate alone and with a preset dictionary, each
document compressed on its own. The dictionary of the format's words (keys and enum-like values) is the
second function; the first takes 2,000 sample documents."""
import collections, re, sqlite3, zlib, random
import sys
db = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True)  # a generated Regie SQLite file


def measure(name, sql, n_train=2000, n_test=50000):
    rows = [r[0] for r in db.execute(sql)]
    random.seed(7)
    random.shuffle(rows)
    train, test = rows[:n_train], rows[n_train:n_train+n_test]
    # a preset dictionary: the most common documents' text, the last 32 KiB counting most
    zd = ''.join(train).encode()[-32768:]
    raw = sum(len(t.encode()) for t in test)
    plain = sum(len(zlib.compress(t.encode(), 9)) for t in test)
    withd = 0
    for t in test:
        c = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, zd)
        withd += len(c.compress(t.encode()) + c.flush())
    print(f"{name}: {len(test)} docs, raw {raw/len(test):.0f} B, deflate {plain/len(test):.0f} B, deflate+dictionary {withd/len(test):.0f} B")


def measure_vocabulary(name, sql, n_train=2000, n_test=50000):
    rows = [r[0] for r in db.execute(sql)]
    random.seed(7); random.shuffle(rows)
    train, test = rows[:n_train], rows[n_train:n_train+n_test]
    # A vocabulary, not samples: the keys and the enum-like values (lower-case words) the format repeats.
    words = collections.Counter(w for t in train for w in re.findall(r'"[a-z_]+"', t))
    vocab = [w for w, n in words.most_common() if n >= 5]
    zd = (':'.join(reversed(vocab))).encode()[-32768:]
    raw = sum(len(t.encode()) for t in test)
    withd = 0
    for t in test:
        c = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, zd)
        withd += len(c.compress(t.encode()) + c.flush())
    print(f"{name}: vocabulary of {len(vocab)} words ({len(zd)} B): raw {raw/len(test):.0f} B, deflate+vocabulary {withd/len(test):.0f} B")

for kind, sql in [
    ('event payload', "SELECT payload FROM (SELECT payload FROM case_events LIMIT 300000)"),
    ('case route', "SELECT route FROM cases LIMIT 200000"),
    ('case tally', "SELECT tally FROM cases WHERE tally IS NOT NULL LIMIT 200000"),
    ('signal document', "SELECT document FROM signals LIMIT 200000"),
]:
    measure(kind, sql)
    measure_vocabulary(kind, sql)
