# SPDX-License-Identifier: MIT
# Re-measures pycma's evaluations to f < 1e-8 under the protocol of docs/controller.md (needs `pip install cma==4.4.0`
# and NumPy); the figures are the reference of CmaEsTest and of the fidelity table. Not run by the test suite.
#   python3 src/test/python/pycma_fidelity.py rosen 10 101        -> median over seeds 1..101
#   python3 src/test/python/pycma_fidelity.py time 867 64         -> ms per generation (ask + tell, random fitness)
import sys
import time

import cma
import numpy as np


def evaluations_to_target(f, n, seed, popsize=None, target=1e-8):
    """x0 ~ U[-1,1]^n (NumPy RandomState(seed + 1000)), sigma0 = 0.5, pycma's defaults otherwise."""
    x0 = np.random.RandomState(seed + 1000).uniform(-1, 1, n)
    opts = {'seed': seed, 'ftarget': target, 'verbose': -9, 'tolflatfitness': 1e9}
    if popsize:
        opts['popsize'] = popsize
    es = cma.CMAEvolutionStrategy(x0, 0.5, opts)
    while not es.stop():
        X = es.ask()
        es.tell(X, [f(x) for x in X])
    return es.countevals if es.best.f < target else float('inf')   # another stop (local optimum) is a failure


def time_generation(n, popsize, generations=30):
    es = cma.CMAEvolutionStrategy(np.zeros(n), 0.1, {'popsize': popsize, 'seed': 1, 'verbose': -9})
    rng = np.random.RandomState(2)
    for _ in range(5):
        es.tell(es.ask(), list(rng.rand(popsize)))
    t0 = time.perf_counter()
    for _ in range(generations):
        es.tell(es.ask(), list(rng.rand(popsize)))
    return (time.perf_counter() - t0) / generations * 1e3


if __name__ == '__main__':
    if sys.argv[1] == 'time':
        n, lam = int(sys.argv[2]), int(sys.argv[3])
        print('pycma %s n=%d popsize=%d: %.1f ms per generation' % (cma.__version__, n, lam, time_generation(n, lam)))
        sys.exit(0)
    f = {'sphere': cma.ff.sphere, 'elli': cma.ff.elli, 'rosen': cma.ff.rosen}[sys.argv[1]]
    n, seeds = int(sys.argv[2]), int(sys.argv[3])
    popsize = int(sys.argv[4]) if len(sys.argv) > 4 else None
    runs = [evaluations_to_target(f, n, s, popsize) for s in range(1, seeds + 1)]
    print('pycma %s %s n=%d seeds=%d median=%g failures=%d runs=%s' % (
        cma.__version__, sys.argv[1], n, seeds, np.median(runs), int(np.sum(np.isinf(runs))), runs))
