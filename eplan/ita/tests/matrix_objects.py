"""The ITA results the permission matrix asks for (eplan/tests/matrix.py): inside, the year
of อบต.กลาย's result (2567); outside, the year of ช้างเผือก's (2566). Years are not scoped:
each viewer sees the results of its own area in any year. Made with the import service."""

from eplan.ita.services import import_ita


def build(world):
    rows = [f"{world.klai.code},2567,91.25,A", f"{world.chiang_mai.code},2566,72.00,C"]
    raw = "\r\n".join(["code,year,score,level", *rows]).encode()
    import_ita(raw, filename="matrix.csv", user=world.central)
    return {"year": 2567}, {"year": 2566}
