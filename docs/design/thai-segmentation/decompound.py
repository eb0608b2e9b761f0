import nlpo3
SRC="/tmp/research13/venv/lib/python3.11/site-packages/pythainlp/corpus/words_th.txt"
words=[w.strip() for w in open(SRC,encoding="utf-8") if w.strip()]
W=set(words)
def decomposable(w):
    n=len(w); ok=[False]*(n+1); ok[0]=True; cnt=[0]*(n+1)
    for i in range(n):
        if not ok[i]: continue
        for j in range(i+2,n+1):
            p=w[i:j]
            if p!=w and p in W and (not ok[j] or cnt[j]<cnt[i]+1):
                ok[j]=True; cnt[j]=cnt[i]+1
    return ok[n]
keep=[w for w in words if " " in w or not decomposable(w)]
open("/tmp/research13/words_th_decompounded.txt","w",encoding="utf-8").write("\n".join(keep)+"\n")
print("orig",len(words),"kept",len(keep),"removed",len(words)-len(keep))
nlpo3.load_dict(SRC,"orig"); nlpo3.load_dict("/tmp/research13/words_th_decompounded.txt","dec")
def contig(q,t): return any(t[i:i+len(q)]==q for i in range(len(t)-len(q)+1))
T=["โครงการเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง","กิจกรรมส่งเสริมคุณธรรมจริยธรรมแก่ผู้บริหาร","มาตรการป้องกันการรับสินบน"]
Q=["จัดซื้อจัดจ้าง","จัดซื้อ","จัดจ้าง","การจัดซื้อ","ซื้อ","เผยแพร่ข้อมูล","คุณธรรมจริยธรรม","ผู้บริหาร","บริหาร","สินบน","รับสินบน","ป้องกันการรับสินบน","ป้องกัน","มาตรการ"]
for t in T:
    print(t, "| orig:",nlpo3.segment(t,"orig"),"| dec:",nlpo3.segment(t,"dec"))
for d in ("orig","dec"):
    hits=[]
    for q in Q:
        qt=nlpo3.segment(q,d)
        hits.append((q,any(contig(qt,nlpo3.segment(t,d)) for t in T)))
    print(d, "matched", sum(h for _,h in hits),"/",len(Q), "misses:",[q for q,h in hits if not h])
