import random
from phrases import PHRASES
import nlpo3
nlpo3.load_dict("/tmp/research13/venv/lib/python3.11/site-packages/pythainlp/corpus/words_th.txt","th")
rng=random.Random(1); bad=0; N=2000
for i in range(N):
    parts=[]; 
    while sum(map(len,parts))<rng.randint(150,500): parts.append(rng.choice(PHRASES))
    s=(" " if i%2 else "").join(parts)[:500]
    if "".join(nlpo3.segment(s,"th",safe=True))!=s: bad+=1
print("150-500 char texts (half with spaces between phrases): corrupted by safe=True:",bad,"/",N)
