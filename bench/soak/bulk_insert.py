"""One bulk import as another program does it: N customers (each with one service number), one INSERT statement per
row, all in one transaction, through Python's sqlite3 (3.40 on Debian 12). Then, right after the commit, the portal
at BASE searches for the first, a middle and the last new name and number.
Usage: bulk_insert.py DB_FILE N FIRST_ID BASE_URL SESSION_ID"""
import json, sqlite3, sys, time, urllib.parse, urllib.request

db, n, first, base, sid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
connection = sqlite3.connect(db, timeout=60, isolation_level=None)
start = time.monotonic()
connection.execute("BEGIN")
for i in range(first, first + n):
    connection.execute("INSERT INTO ACS_CUSTOMER (ID, NAME) VALUES (?, ?)", (i, f"Bulkimport Customer {i:08d}"))
    connection.execute("INSERT INTO ACS_CUSTOMER_SN (CUSTOMER_ID, SN) VALUES (?, ?)", (i, f"0877{i:08d}"))
connection.execute("COMMIT")
seconds = time.monotonic() - start
connection.close()

found = []
for i in (first, first + n // 2, first + n - 1):
    for term in (f"Customer {i:08d}", f"0877{i:08d}"):
        request = urllib.request.Request(
            f"{base}/api/customer?name={urllib.parse.quote(term)}&page_limit=25", headers={"Cookie": f"N2FE_CGISESSID={sid}"})
        t = time.monotonic()
        with urllib.request.urlopen(request) as answer:
            body = json.load(answer)
        found.append((term, str(i) in json.dumps(body), round((time.monotonic() - t) * 1000)))
print(f"| {n:,} | {seconds:.1f} | {all(f for _, f, _ in found)} | {max(ms for _, _, ms in found)} |")
