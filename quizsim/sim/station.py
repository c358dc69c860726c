"""One queueing station: c identical servers fed from one FIFO queue, pushed window by window.

Exact mode (every request of the window given): the Kiefer–Wolfowitz recursion (a heap of c
server-free times; numpy Lindley when c = 1) carries the backlog from window to window.

Sampled mode (only a fraction f of the window's requests given, each standing for 1/f):
the sample goes through a time-dilated copy of the station (service times ÷ f), which has the
same utilisation and the same stationary waits ×(1/f); its waits are scaled back by f. Because
the dilated copy drains a backlog f× too slowly, a fluid backlog (work in − capacity out, per
window) carries overload, and a request waits the larger of the two. Exact for stationary
windows; overload and recovery are followed at fluid (law of large numbers) accuracy, which is
what they are at the request counts where sampling starts.

The fluid backlog must not grow from noise. A reflected walk fed an unbiased but noisy load
estimate drifts up by about var·dt / (2(1 − ρ)) even when ρ < 1, and near saturation that
invented backlog dwarfs the true waits (the stochastic copy already holds every fluctuation of a
stationary load, the real count's included). So the load uses the known mean service time when
the caller gives it, and an empty fluid backlog starts to grow only when the window's load is
above capacity by more than FLUID_START_Z standard errors of its estimate.

Operations of a window may reach the station after the window ends (a request arriving at 9.99 s
reaches the store after its web time). Those late arrivals are served when their window is pushed
(their waits are reported then), but the state carried to the next window is the one at its start:
they are replayed in time order with the next window's arrivals, so that an early arrival of the
next window does not wait behind them.
"""

from __future__ import annotations

import heapq

import numpy as np

FLUID_START_Z = 4.0
"""An empty fluid backlog grows only when the load estimate exceeds capacity by this many standard errors."""


class Station:
    """c servers; `process()` returns each request's wait in seconds."""

    def __init__(self, servers: int) -> None:
        self.servers = int(servers)
        self._free = [0.0] * self.servers  # heap of absolute times each server becomes free (stochastic part)
        self.fluid_backlog_s = 0.0  # per-server backlog carried at fluid level while sampling
        self.busy_s = 0.0  # server-seconds of work offered (real units), for utilisation
        self._max_wait: float | None = None
        self._sampled = False
        self._late_arrivals = np.zeros(0)  # the previous window's arrivals at or after its end, replayed next window
        self._late_service = np.zeros(0)  # their service times (real seconds)

    def backlog_s(self, t: float) -> float:
        """Mean per-server backlog (seconds of queued work) at time t."""
        stoch = sum(max(0.0, f - t) for f in self._free) / self.servers
        return stoch + self.fluid_backlog_s

    def set_servers(self, servers: int, t: float) -> None:
        """Change c (e.g. an instance resized); new servers are idle at t, removed ones hand over nothing."""
        servers = max(1, int(servers))
        free = sorted(self._free)
        if servers > len(free):
            free += [t] * (servers - len(free))
        else:
            free = free[:servers]
        heapq.heapify(free)
        self._free = free
        self.servers = servers

    def process(
        self, arrivals_s: np.ndarray, service_s: np.ndarray, t0: float, t1: float,
        fraction: float = 1.0, max_wait_s: float | None = None, real_count: float | None = None,
        service_mean_s: float | None = None, count_n: float | None = None,
    ) -> np.ndarray:
        """Push one window's requests (sorted arrival times) through; returns their waits (s).

        `fraction` is the sampling probability; `real_count` how many real requests the sample stands
        for (default n / fraction). With `max_wait_s`, a request that would wait longer is turned away (its wait is +inf) and
        takes no server time, as a load balancer's timeout turns it away. While sampling,
        `service_mean_s` (the distribution's mean, when the caller knows it) and `count_n` (how many
        independent observations `real_count` rests on: the real count when it is the window's
        Poisson count, default the sample size) set how noisy the load estimate is.
        """
        self._max_wait = max_wait_s
        n = arrivals_s.size
        real_work = float(service_s.sum()) / fraction if real_count is None or not n else float(service_s.mean()) * real_count
        self.busy_s += real_work
        if fraction >= 1.0:
            if self._sampled:  # leaving sampled mode: the fluid backlog goes back to the exact servers
                self._free = [max(f, t0) + self.fluid_backlog_s for f in self._free]
                heapq.heapify(self._free)
                self.fluid_backlog_s = 0.0
                self._sampled = False
            return self._run_window(arrivals_s, service_s, t1, 1.0)

        if not self._sampled:
            # Entering sampled mode: the backlog common to every server becomes fluid.
            self._sampled = True
            common = max(0.0, min(self._free) - t0)
            if common > 0:
                self.fluid_backlog_s += common
                self._free = [f - common for f in self._free]
        # Dilate the stochastic state, run the sample, contract back.
        self._free = [t0 + (f - t0) / fraction if f > t0 else f for f in self._free]
        heapq.heapify(self._free)
        waits = self._run_window(arrivals_s, service_s, t1, 1.0 / fraction) * fraction
        self._free = [t1 + (f - t1) * fraction if f > t1 else f for f in self._free]
        heapq.heapify(self._free)
        dt = t1 - t0
        count = n / fraction if real_count is None else real_count
        rho, rel_se = self._load(service_s, count, service_mean_s, count_n, dt)
        b0 = self.fluid_backlog_s
        if b0 <= 0 and rho <= 1 + FLUID_START_Z * rel_se * rho:
            rho = min(rho, 1.0)  # not significantly above capacity: an empty fluid backlog stays empty
        if n and (b0 > 0 or rho > 1):
            fluid = np.maximum(0.0, b0 + (rho - 1.0) * (arrivals_s - t0))
            waits = np.maximum(waits, fluid)
        self.fluid_backlog_s = max(0.0, b0 + (rho - 1.0) * dt)
        if max_wait_s is not None:
            self.fluid_backlog_s = min(self.fluid_backlog_s, max_wait_s)
            waits = np.where(waits > max_wait_s, np.inf, waits)
        return waits

    def _load(
        self, service_s: np.ndarray, count: float, service_mean_s: float | None, count_n: float | None, dt: float,
    ) -> tuple[float, float]:
        """The window's offered load ρ (real work ÷ capacity) and the relative standard error of that estimate."""
        n = service_s.size
        if dt <= 0 or (service_mean_s is None and not n):
            return 0.0, 0.0
        mean = float(service_s.mean()) if service_mean_s is None else service_mean_s
        rho = count * mean / (self.servers * dt)
        var = 1.0 / max(1.0, count_n if count_n is not None else n)
        if service_mean_s is None and n > 1 and mean > 0:
            var += float(service_s.var()) / mean**2 / n
        return rho, var**0.5

    def _run_window(self, arrivals: np.ndarray, service: np.ndarray, t1: float, dilation: float) -> np.ndarray:
        """Waits of this window's requests; carries the state at t1 and the arrivals after t1 to the next."""
        late = self._late_arrivals.size
        if late:
            a = np.concatenate([self._late_arrivals, arrivals])
            s = np.concatenate([self._late_service, service])
            order = np.argsort(a, kind="stable")
            a, s = a[order], s[order]
            mine = order >= late
        else:
            a, s, mine = arrivals, service, None
        k = int(np.searchsorted(a, t1, side="left"))
        waits = np.empty(a.size)
        if k:
            waits[:k] = self._run(a[:k], s[:k] * dilation)
        if k < a.size:
            at_t1 = list(self._free)  # a valid heap: the state the next window starts from
            waits[k:] = self._run(a[k:], s[k:] * dilation)
            self._free = at_t1
        self._late_arrivals, self._late_service = a[k:], s[k:]
        return waits if mine is None else waits[mine]

    def _run(self, arrivals: np.ndarray, service: np.ndarray) -> np.ndarray:
        limit = self._max_wait
        if limit is not None:
            return self._run_balking(arrivals, service, limit)
        if self.servers == 1:
            return self._lindley(arrivals, service)
        free = self._free
        starts = []
        push = starts.append
        replace = heapq.heapreplace
        for a, s in zip(arrivals.tolist(), service.tolist()):
            f = free[0]
            if f > a:
                a = f  # the request starts when the earliest server frees up
            replace(free, a + s)
            push(a)
        return np.array(starts) - arrivals

    def _run_balking(self, arrivals: np.ndarray, service: np.ndarray, limit: float) -> np.ndarray:
        free = self._free
        waits = []
        push = waits.append
        replace = heapq.heapreplace
        inf = float("inf")
        for a, s in zip(arrivals.tolist(), service.tolist()):
            f = free[0]
            if f > a:
                if f - a > limit:
                    push(inf)
                    continue
                push(f - a)
                replace(free, f + s)
            else:
                push(0.0)
                replace(free, a + s)
        return np.array(waits)

    def _lindley(self, arrivals: np.ndarray, service: np.ndarray) -> np.ndarray:
        # departure_i = S_i + max(F, max_{j<=i}(a_j - S_{j-1})): the one-server recursion, vectorised.
        cum = np.cumsum(service)
        before = cum - service
        peak = np.maximum.accumulate(arrivals - before)
        np.maximum(peak, self._free[0], out=peak)
        departures = cum + peak
        self._free = [float(departures[-1])]
        return departures - service - arrivals
