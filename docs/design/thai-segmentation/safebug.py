from phrases import PHRASES, make_titles
import nlpo3
nlpo3.load_dict("/tmp/research13/venv/lib/python3.11/site-packages/pythainlp/corpus/words_th.txt","th")
base="".join(p.replace(" ","") for p in PHRASES)
s=(base*3)[:10000]
for n in [100,119,120,139,140,141,150,200,300,500,1000,2000]:
    t=s[:n]; r=nlpo3.segment(t,"th",safe=True)
    j="".join(r)
    print(n, len(j), j==t)
t=s[:300]; r=nlpo3.segment(t,"th",safe=True); j="".join(r)
import difflib
sm=difflib.SequenceMatcher(None,t,j,autojunk=False)
for op in sm.get_opcodes():
    if op[0]!="equal": print(op, repr(t[op[1]:op[2]]), repr(j[op[3]:op[4]]))
print(r[:40])
# titles: does safe mode ever lose text for <=120 chars?
bad=sum(1 for x in make_titles() if "".join(nlpo3.segment(x,"th",safe=True))!=x)
print("titles bad with safe:",bad)
bad=sum(1 for x in make_titles() if "".join(nlpo3.segment(x,"th"))!=x)
print("titles bad without safe:",bad)
