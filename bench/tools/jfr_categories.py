#!/usr/bin/env python3
"""Where a service's CPU samples go, by library: the JFR recordings the pairs bench keeps
(bench.pairs.jfr-rate; bench/results/run-*/jfr/<service>.jfr).

    bench/tools/jfr_categories.py bench/results/run-<time>/jfr/edge.jfr [more.jfr ...]

Each execution sample is charged to the library of its innermost frame that belongs to a known
library (Jackson, java.time, the Kafka clients, Streams, Netty, ...); a sample whose frames are
all the JDK's own is "jdk". Then the innermost Parley frame of every sample, which says which of
Parley's calls the library time was spent for. Needs the JDK's `jfr` tool (JAVA_HOME or PATH).
"""
import collections
import json
import os
import re
import shutil
import subprocess
import sys

CATEGORIES = [
    ("jackson", r"com/fasterxml/jackson"),
    ("java.time", r"java/time/"),
    ("opentelemetry", r"io/opentelemetry"),
    ("micrometer", r"io/micrometer"),
    ("kafka metrics", r"org/apache/kafka/common/metrics|StreamsMetricsImpl"),
    ("kafka streams state", r"org/apache/kafka/streams/state|rocksdb"),
    ("kafka producer", r"org/apache/kafka/clients/producer"),
    ("kafka consumer", r"org/apache/kafka/clients/consumer"),
    ("kafka network", r"org/apache/kafka/common/network|org/apache/kafka/clients/NetworkClient"),
    ("kafka records", r"org/apache/kafka/common/(record|protocol|message)"),
    ("kafka streams", r"org/apache/kafka/streams"),
    ("lettuce", r"io/lettuce"),
    ("netty", r"io/netty"),
    ("helidon", r"io/helidon"),
    ("cassandra driver", r"com/datastax"),
    ("parley", r"dev/parley"),
    ("virtual threads", r"jdk/internal/vm/Continuation|VirtualThread|ForkJoin"),
    ("nio", r"sun/nio|java/nio"),
]


def jfr_tool():
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "jfr")):
        return os.path.join(home, "bin", "jfr")
    return shutil.which("jfr") or sys.exit("no jfr tool: set JAVA_HOME")


def samples(path):
    out = subprocess.run([jfr_tool(), "print", "--json", "--stack-depth", "128", "--events",
                          "jdk.ExecutionSample", path], capture_output=True, text=True, check=True).stdout
    for event in json.loads(out)["recording"]["events"]:
        yield [f["method"]["type"]["name"] + "." + f["method"]["name"]
               for f in event["values"]["stackTrace"]["frames"]]


def report(path):
    by_category = collections.Counter()
    by_parley_frame = collections.Counter()
    n = 0
    for frames in samples(path):
        n += 1
        category = next((name for frame in frames for name, pattern in CATEGORIES if re.search(pattern, frame)),
                        "jdk")
        by_category[category] += 1
        parley = next((f.split("/")[-1] for f in frames if "dev/parley" in f), None)
        if parley:
            by_parley_frame[parley] += 1
    print(f"== {path}: {n} samples")
    for name, count in by_category.most_common():
        print(f"{count:6d} {100 * count / max(n, 1):5.1f}%  {name}")
    print("-- innermost Parley frame")
    for name, count in by_parley_frame.most_common(20):
        print(f"{count:6d} {100 * count / max(n, 1):5.1f}%  {name}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for recording in sys.argv[1:]:
        report(recording)
