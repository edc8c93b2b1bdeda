"""The reference for Mobilize's recurrence engine: python-dateutil's rrule, independent of ours.

Reads JSON cases [{"id", "rule", "start": "YYYY-MM-DDTHH:MM", "end": "YYYY-MM-DDTHH:MM", "zone"}] from the
file named first, and writes {"<id>": [unix seconds of each occurrence, ...] | "error: ..."} to the second.
Expansion is on the wall clock of the zone (dateutil keeps the tzinfo of an aware DTSTART), and an
instant is read as Python reads a wall-clock time with fold=0: the first of two, or before the gap.
"""
import datetime
import json
import sys
import zoneinfo

from dateutil.rrule import rrulestr


def local(text, zone):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=zone)


def main(source, target):
    results = {}
    with open(source) as handle:
        cases = json.load(handle)
    for case in cases:
        zone = zoneinfo.ZoneInfo(case["zone"])
        start, end = local(case["start"], zone), local(case["end"], zone)
        try:
            rule = rrulestr(case["rule"], dtstart=start)
            results[case["id"]] = [int(d.timestamp()) for d in rule.between(start, end, inc=True)]
        except Exception as error:  # a rule the reference refuses is reported, not skipped
            results[case["id"]] = f"error: {error}"
    with open(target, "w") as handle:
        json.dump(results, handle)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
