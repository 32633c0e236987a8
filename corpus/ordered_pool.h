// A bounded pool of worker threads whose results come out in input order.
//
// run_ordered() pulls items from `next` (one at a time, under a lock), runs
// `work` on `jobs` threads, and hands each result to `deliver` on the calling
// thread in the order `next` produced the items: the output never depends on
// the number of threads. At most `window` items are in flight (read and not
// yet handed to `deliver`; plus the one `deliver` is working on), so memory
// stays bounded whatever the length of the input. Delivered results are
// destroyed by a worker, not on the calling thread: freeing a result's
// memory is part of the serial path otherwise (an eighth of a TM writer's
// samples, perf over `muwazi batch --db` of news pairs).
//
// Errors: an exception from `next` or `work` is delivered in its place (it
// is rethrown on the calling thread when its turn comes); an exception from
// `deliver` stops the pool. Either way no further item is read, the threads
// are joined, and the exception propagates out of run_ordered().
#ifndef MUWAZI_CORPUS_ORDERED_POOL_H_
#define MUWAZI_CORPUS_ORDERED_POOL_H_

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace muwazi::corpus {

template <class Item, class Result>
void run_ordered(int jobs, std::size_t window, const std::function<std::optional<Item>()>& next,
                 const std::function<Result(Item&, int worker)>& work,
                 const std::function<void(Result&)>& deliver) {
  if (jobs < 1) jobs = 1;
  if (window < static_cast<std::size_t>(jobs)) window = static_cast<std::size_t>(jobs);
  struct Slot {
    bool ready = false;
    std::optional<Result> result;
    std::exception_ptr error;
  };
  std::vector<Slot> ring(window);
  std::mutex mu;
  std::condition_variable can_read, can_deliver;
  std::uint64_t read = 0;       // items taken from `next`
  std::uint64_t delivered = 0;  // items handed to `deliver`
  bool input_done = false, stop = false;
  std::vector<Result> spent;  // delivered, for a worker to destroy

  auto worker = [&](int id) {
    while (true) {
      std::unique_lock lock(mu);
      can_read.wait(lock, [&] { return stop || input_done || read < delivered + window; });
      if (stop || input_done) return;
      const std::uint64_t seq = read;
      std::optional<Item> item;
      try {
        item = next();
      } catch (...) {
        Slot& s = ring[seq % window];
        s.error = std::current_exception();
        s.ready = true;
        ++read;
        input_done = true;
        can_read.notify_all();
        can_deliver.notify_one();
        return;
      }
      if (!item) {
        input_done = true;
        can_read.notify_all();
        can_deliver.notify_one();
        return;
      }
      ++read;
      std::vector<Result> garbage;
      garbage.swap(spent);
      lock.unlock();
      garbage.clear();
      Slot done;
      try {
        done.result.emplace(work(*item, id));
      } catch (...) {
        done.error = std::current_exception();
      }
      done.ready = true;
      lock.lock();
      ring[seq % window] = std::move(done);
      if (seq == delivered) can_deliver.notify_one();
    }
  };

  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(jobs));
  auto finish = [&] {
    {
      std::lock_guard lock(mu);
      stop = true;
    }
    can_read.notify_all();
    for (auto& t : threads) t.join();
  };
  try {
    for (int i = 0; i < jobs; ++i) threads.emplace_back(worker, i);
    while (true) {
      Slot s;
      {
        std::unique_lock lock(mu);
        can_deliver.wait(lock, [&] { return ring[delivered % window].ready || (input_done && delivered == read); });
        Slot& head = ring[delivered % window];
        if (!head.ready) break;  // everything read was delivered
        s = std::move(head);
        head = Slot();
        ++delivered;
      }
      can_read.notify_all();
      if (s.error) std::rethrow_exception(s.error);
      deliver(*s.result);
      std::lock_guard lock(mu);
      spent.push_back(std::move(*s.result));
    }
  } catch (...) {
    finish();
    throw;
  }
  finish();
}

}  // namespace muwazi::corpus

#endif  // MUWAZI_CORPUS_ORDERED_POOL_H_
