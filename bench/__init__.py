"""`make bench`: national-scale data, a load run, plaque and sweep timings.

Not part of the application: nothing here is imported by kitemark's own code,
and nothing here is reachable on a normal deployment (the baseline view is only
served by bench.wsgi, through bench.settings/bench.urls).
"""
