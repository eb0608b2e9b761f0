import time, json, statistics
from phrases import PHRASES
from pythainlp.tokenize import word_tokenize
import nlpo3
nlpo3.load_dict("/tmp/research13/venv/lib/python3.11/site-packages/pythainlp/corpus/words_th.txt","th")
word_tokenize("อุ่นเครื่อง"); nlpo3.segment("อุ่นเครื่อง","th")
base="".join(p.replace(" ","") for p in PHRASES)
inputs={"thai10k_nospace":(base*20)[:10000],"ka10k":"ก"*10000,"thai100k_nospace":(base*200)[:100000],
        "ka100k":"ก"*100000, "mixed_vowel10k":("กากิกีกึกืกุกู"*1000)[:10000]}
E={"newmm":lambda s: word_tokenize(s,engine="newmm"),
   "newmm-safe":lambda s: word_tokenize(s,engine="newmm-safe"),
   "nlpo3":lambda s: nlpo3.segment(s,"th"),
   "nlpo3-safe":lambda s: nlpo3.segment(s,"th",safe=True),
   "nlpo3-parallel":lambda s: nlpo3.segment(s,"th",parallel=True)}
for name,s in inputs.items():
    for e,f in E.items():
        ts=[]
        for _ in range(3):
            t=time.perf_counter(); r=f(s); ts.append(time.perf_counter()-t)
        print(json.dumps({"input":name,"engine":e,"median_s":round(statistics.median(ts),4),"ntokens":len(r),"lossless":"".join(r)==s},ensure_ascii=False))
