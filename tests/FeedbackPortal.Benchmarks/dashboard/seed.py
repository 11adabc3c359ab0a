"""Seeds N synthetic cases (and ratings) into an embedded portal.db for the dashboard benchmark
(docs/benchmarks.md, "Public dashboard at 1,000,000 cases"). The database must exist (start the portal
once on the data directory). Values follow the EF model: DateTimeOffset as EF's binary form
((ticks / 1000) << 11, offset 0), Guids as upper-case text, enums as their names."""
import random, sqlite3, sys, uuid, datetime

db_path, total = sys.argv[1], int(sys.argv[2])
random.seed(15)
EPOCH = datetime.datetime(1, 1, 1, tzinfo=datetime.timezone.utc)
def binary(dt): return ((int((dt - EPOCH).total_seconds()) * 10**7) // 1000) << 11
def guid(): return str(uuid.uuid4()).upper()

con = sqlite3.connect(db_path)
agencies = [r[0] for r in con.execute("select Code from agencies")]
localities = [r[0] for r in con.execute("select LocalityCode from agencies where LocalityCode is not null")]
fields = [r[0] for r in con.execute("select Code from fields")]
now = datetime.datetime(2026, 12, 2, tzinfo=datetime.timezone.utc)
start = now - datetime.timedelta(days=730)
alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
def code(i, kind):
    s = ""
    for _ in range(8):
        s += alphabet[i % 32]; i //= 32
    return f"{'SK' if kind == 'Initiative' else 'PA'}-26-{s[:4]}-{s[4:]}"

cols = ("Id,TrackingCode,Kind,Title,Content,FieldCode,LocalityCode,submitter_name,submitter_email,ConsentPolicyVersion,ConsentedAt,"
        "AllowPublish,Language,Channel,Status,AgencyCode,SubmittedAt,UpdatedAt,Deadline,AnsweredAt,Answer,EscalationLevel,Version")
sub_sql = f"insert into submissions ({cols}) values ({','.join('?' * len(cols.split(',')))})"
rate_sql = "insert into submission_ratings (Id,SubmissionId,Level,Comment,ReviewRequested,AnsweredAt,AgencyCode,RatedAt) values (?,?,?,?,?,?,?,?)"
batch, ratings = [], []
for i in range(total):
    submitted = start + datetime.timedelta(seconds=random.randrange(730 * 86400))
    kind = "Initiative" if random.random() < 0.1 else "Feedback"
    agency = random.choice(agencies)
    deadline = submitted + datetime.timedelta(days=21)
    age = (now - submitted).days
    answered = None
    if age > 45 or random.random() < age / 45:
        answered = submitted + datetime.timedelta(days=random.randint(1, 30), hours=random.randint(0, 8))
        if answered > now: answered = None
    status = ("Closed" if random.random() < 0.5 else "Answered") if answered else random.choice(["Delivered", "InProgress", "InProgress", "NeedsInfo"])
    sid = guid()
    batch.append((sid, code(i, kind), kind, "Phản ánh thử nghiệm", "Nội dung thử nghiệm", random.choice(fields), random.choice(localities + [None]),
                  "Người gửi", "nguoi.gui@example.vn", "2025-07", binary(submitted), 1, "vi", "web", status, agency, binary(submitted),
                  binary(answered or submitted), binary(deadline), binary(answered) if answered else None, "Đã xử lý" if answered else None, 0, guid()))
    if answered and random.random() < 0.3:
        rated = answered + datetime.timedelta(days=random.randint(0, 5))
        if rated < now:
            ratings.append((guid(), sid, random.choice([1, 2, 3, 3]), None, 0, binary(answered), agency, binary(rated)))
    if len(batch) == 50000:
        con.executemany(sub_sql, batch); con.executemany(rate_sql, ratings); con.commit(); batch, ratings = [], []
con.executemany(sub_sql, batch); con.executemany(rate_sql, ratings); con.commit()
print(con.execute("select count(*) from submissions").fetchone()[0], "cases,", con.execute("select count(*) from submission_ratings").fetchone()[0], "ratings")
