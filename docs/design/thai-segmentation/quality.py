import json
from pythainlp.tokenize import word_tokenize
import nlpo3
SP="/tmp/research13/venv/lib/python3.11/site-packages"
nlpo3.load_dict(SP+"/pythainlp/corpus/words_th.txt","th")
cases=["โครงการเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง","จัดซื้อจัดจ้าง","กิจกรรมส่งเสริมคุณธรรมจริยธรรมแก่ผู้บริหาร","มาตรการป้องกันการรับสินบน","ป.ป.ช.","อบต.กลาย","๒๐,๐๐๐ บาท","ITA 2567",
       "กิจกรรมส่งเสริมคุณธรรมจริยธรรมแก่ผู้บริหาร สมาชิกสภา และพนักงาน"]
E={"newmm":lambda s: word_tokenize(s,engine="newmm"),
   "newmm(keep_whitespace=False)":lambda s: word_tokenize(s,engine="newmm",keep_whitespace=False),
   "nlpo3":lambda s: nlpo3.segment(s,"th")}
for c in cases:
    print(repr(c))
    for n,f in E.items(): print(f"   {n:30s}", f(c))
def contig(q,t):
    return any(t[i:i+len(q)]==q for i in range(len(t)-len(q)+1))
print()
pairs=[("จัดซื้อจัดจ้าง","โครงการเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง"),
       ("คุณธรรม","กิจกรรมส่งเสริมคุณธรรมจริยธรรมแก่ผู้บริหาร"),
       ("รับสินบน","มาตรการป้องกันการรับสินบน"),
       ("สินบน","มาตรการป้องกันการรับสินบน"),
       ("ป้องกันการรับสินบน","มาตรการป้องกันการรับสินบน"),
       ("ผู้บริหาร","กิจกรรมส่งเสริมคุณธรรมจริยธรรมแก่ผู้บริหาร"),
       ("จริยธรรม","กิจกรรมส่งเสริมคุณธรรมจริยธรรมแก่ผู้บริหาร"),
       ("เผยแพร่ข้อมูล","โครงการเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง"),
       ("การจัดซื้อ","โครงการเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง"),
       ("ซื้อ","โครงการเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง"),
      ]
for q,t in pairs:
    for n in ("newmm","nlpo3"):
        qt,tt=E[n](q),E[n](t)
        print(f"{n:6s} query {q!r} -> {qt}; contiguous in title tokens: {contig(qt,tt)}")
