"""How the API reads a body: ninja's JSON parser, with the control characters no field
holds taken out of every string (core.controls; a NUL reaching PostgreSQL was a 500, issue
10 hole 8). Query parameters and form fields are cleaned by the middleware already."""

from ninja.parser import Parser

from eplan.core.controls import clean_data


class CleaningParser(Parser):
    def parse_body(self, request):
        return clean_data(super().parse_body(request))
