import json
import os
import statistics
import subprocess
import sys
import time

from phrases import make_titles

PY = sys.executable
SP = os.path.join(os.path.dirname(os.path.dirname(PY)), "lib/python3.11/site-packages")
DICT = os.path.join(SP, "pythainlp/corpus/words_th.txt")


def cold(code):
    """Run code in a fresh interpreter, return its stdout (JSON)."""
    r = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


COLD_PY = r'''
import time, json
t0 = time.perf_counter()
from pythainlp.tokenize import word_tokenize
t1 = time.perf_counter()
word_tokenize("โครงการเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง", engine="newmm")
t2 = time.perf_counter()
word_tokenize("กิจกรรมส่งเสริมคุณธรรมจริยธรรม", engine="newmm")
t3 = time.perf_counter()
print(json.dumps({"import_s": t1-t0, "first_call_s": t2-t1, "second_call_s": t3-t2}))
'''

COLD_O3 = r'''
import time, json
t0 = time.perf_counter()
import nlpo3
t1 = time.perf_counter()
msg, ok = nlpo3.load_dict(%r, "th")
t2 = time.perf_counter()
nlpo3.segment("โครงการเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง", "th")
t3 = time.perf_counter()
nlpo3.segment("กิจกรรมส่งเสริมคุณธรรมจริยธรรม", "th")
t4 = time.perf_counter()
print(json.dumps({"import_s": t1-t0, "load_dict_s": t2-t1, "first_call_s": t3-t2, "second_call_s": t4-t3, "msg": msg, "ok": ok}))
''' % DICT


def median_cold(code, n=5):
    rs = [cold(code) for _ in range(n)]
    keys = [k for k in rs[0] if isinstance(rs[0][k], float)]
    out = {k: statistics.median(r[k] for r in rs) for k in keys}
    for k in rs[0]:
        if k not in out:
            out[k] = rs[0][k]
    return out


def throughput(fn, items, runs=3):
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        for s in items:
            fn(s)
        ts.append(time.perf_counter() - t)
    med = statistics.median(ts)
    return {"runs_s": [round(x, 3) for x in ts], "median_s": round(med, 3),
            "items_per_s": round(len(items) / med)}


def main():
    res = {}
    res["cold_pythainlp_newmm"] = median_cold(COLD_PY)
    res["cold_nlpo3"] = median_cold(COLD_O3)

    titles = make_titles()
    res["titles"] = {"n": len(titles), "distinct": len(set(titles)),
                     "mean_len": sum(map(len, titles)) / len(titles),
                     "total_chars": sum(map(len, titles))}

    from pythainlp.tokenize import word_tokenize
    import nlpo3
    print(nlpo3.load_dict(DICT, "th"))
    word_tokenize("อุ่นเครื่อง", engine="newmm")

    res["speed_pythainlp_newmm"] = throughput(lambda s: word_tokenize(s, engine="newmm"), titles)
    res["speed_nlpo3"] = throughput(lambda s: nlpo3.segment(s, "th"), titles)
    # extras
    res["speed_nlpo3_safe"] = throughput(lambda s: nlpo3.segment(s, "th", safe=True), titles)
    res["speed_pythainlp_newmm_safe"] = throughput(lambda s: word_tokenize(s, engine="newmm-safe"), titles)
    res["speed_pythainlp_engine_nlpo3"] = throughput(lambda s: word_tokenize(s, engine="nlpo3"), titles)

    # agreement between engines on the 20k titles
    same = sum(1 for s in titles if word_tokenize(s, engine="newmm") == nlpo3.segment(s, "th"))
    res["identical_token_lists"] = same
    diffs = [s for s in titles if word_tokenize(s, engine="newmm") != nlpo3.segment(s, "th")]
    res["diff_examples"] = [
        {"text": s, "newmm": word_tokenize(s, engine="newmm"), "nlpo3": nlpo3.segment(s, "th")}
        for s in diffs[:3]]
    print(json.dumps(res, ensure_ascii=False, indent=1))
    json.dump(res, open("/tmp/research13/bench_result.json", "w"), ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
