"""Draws scripts/load.sh's reports: messages per second over time per state beside the
statement store alone, and send → state latency distributions.

Usage: plot-load.py REPORT.json [REPORT.json …] --output load.png
"""

import argparse
import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

STATES = ("unconfirmed", "committed", "final")
COLOURS = {"unconfirmed": "tab:blue", "committed": "tab:orange", "final": "tab:green"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("reports", nargs="+")
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    reports = [json.load(open(path)) for path in args.reports]

    figure, axes = plt.subplots(2, len(reports), figsize=(7 * len(reports), 9), squeeze=False)
    for column, report in enumerate(reports):
        title = (
            f"{report['nodes']} nodes, {report['build']} build: {report['senders']} senders × "
            f"{report['recipients']} recipients, {report['messages']} messages ({report['mode']})"
        )
        rate = axes[0][column]
        for state in STATES:
            series = report["missive"]["perSecond"][state]
            rate.plot(range(len(series)), series, label=state, color=COLOURS[state])
        store = report.get("store") or {}
        if store.get("perSecond"):
            series = store["perSecond"]
            rate.plot(range(len(series)), series, label="statement store alone", color="grey",
                      linestyle="--")
        rate.set_title(title, fontsize=9)
        rate.set_xlabel("seconds since the first send")
        rate.set_ylabel("messages (statements) per second")
        rate.legend()
        rate.grid(alpha=0.3)

        latency = axes[1][column]
        for state in STATES:
            summary = report["missive"]["latencyMs"][state]
            if summary:
                seconds = [ms / 1000 for ms in summary["percentiles"]]
                latency.plot(seconds, range(101), label=f"{state} (p50 {summary['p50'] / 1000:.2f} s)",
                             color=COLOURS[state])
        if store.get("latencyMs"):
            seconds = [ms / 1000 for ms in store["latencyMs"]["percentiles"]]
            latency.plot(seconds, range(101), label="statement store alone", color="grey",
                         linestyle="--")
        latency.set_xlabel("send → state, seconds")
        latency.set_ylabel("percent of messages")
        latency.legend()
        latency.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(args.output, dpi=110)


if __name__ == "__main__":
    main()
