using Microsoft.Extensions.Logging;

namespace Jarvis.Core.Customers;

/// <summary>
/// Tells subscribers, by customer id, that a customer changed through Jarvis. Rows come from the one
/// <see cref="CustomerChangeReader"/> of the process (changes made by any process on the same database) and, at once,
/// from <see cref="CustomerService"/> after it commits a change in this process; a row announced here is not
/// announced again when the reader finds it. A subscriber is called on the announcing thread and must not block.
/// </summary>
public sealed class CustomerChangeFeed(ILogger<CustomerChangeFeed> logger, TimeProvider? timeProvider = null)
{
    /// <summary>How long a change announced in this process waits to be matched by the reader's row before it is forgotten.</summary>
    internal static readonly TimeSpan LocalMatchWindow = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly object _gate = new();
    private readonly Dictionary<long, List<Subscription>> _byCustomer = [];
    private readonly List<(long CustomerId, CustomerFieldChange Change, DateTimeOffset Expires)> _announcedHere = [];

    /// <summary>The number of customer ids with at least one subscriber.</summary>
    public int WatchedCustomers
    {
        get
        {
            lock (_gate)
            {
                return _byCustomer.Count;
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="onChange"/> for each change of the customers in <paramref name="customerIds"/> until the
    /// returned subscription is disposed. <see cref="Subscription.Watch"/> replaces the ids (a list page that moved on).
    /// </summary>
    public Subscription Subscribe(IEnumerable<long> customerIds, Action<CustomerChangeNotice> onChange)
    {
        var subscription = new Subscription(this, onChange);
        subscription.Watch(customerIds);
        return subscription;
    }

    /// <summary>Announces at once the history rows of a change this process has just committed.</summary>
    public void AnnounceCommitted(long customerId, IReadOnlyList<CustomerFieldChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            var expires = _time.GetUtcNow() + LocalMatchWindow;
            foreach (var change in changes)
            {
                _announcedHere.Add((customerId, change, expires));
            }
        }

        Notify(new CustomerChangeNotice(customerId, changes));
    }

    /// <summary>Announces rows the reader found, in ID order, skipping those this process has announced already.</summary>
    internal void Publish(IEnumerable<(long CustomerId, CustomerFieldChange Change)> rows)
    {
        var notices = new List<(long CustomerId, List<CustomerFieldChange> Changes)>();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            _announcedHere.RemoveAll(a => a.Expires < now);
            foreach (var (customerId, change) in rows)
            {
                var announced = _announcedHere.FindIndex(a => a.CustomerId == customerId && a.Change == change);
                if (announced >= 0)
                {
                    _announcedHere.RemoveAt(announced);
                    continue;
                }

                if (!_byCustomer.ContainsKey(customerId))
                {
                    continue;
                }

                // Consecutive rows of one customer are one change (one transaction writes them together).
                if (notices.Count > 0 && notices[^1].CustomerId == customerId)
                {
                    notices[^1].Changes.Add(change);
                }
                else
                {
                    notices.Add((customerId, [change]));
                }
            }
        }

        foreach (var (customerId, changes) in notices)
        {
            Notify(new CustomerChangeNotice(customerId, changes));
        }
    }

    private void Notify(CustomerChangeNotice notice)
    {
        Subscription[] subscribers;
        lock (_gate)
        {
            if (!_byCustomer.TryGetValue(notice.CustomerId, out var list))
            {
                return;
            }

            subscribers = [.. list];
        }

        foreach (var subscriber in subscribers)
        {
            try
            {
                subscriber.OnChange(notice);
            }
            catch (Exception e)
            {
                // One failing page must not keep the change from the others, nor stop the reader.
                logger.LogError(e, "A subscriber to changes of customer {CustomerId} failed", notice.CustomerId);
            }
        }
    }

    /// <summary>A subscriber's interest in some customers; dispose it when the page goes away.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly CustomerChangeFeed _feed;
        private long[] _ids = [];
        private bool _disposed;

        internal Subscription(CustomerChangeFeed feed, Action<CustomerChangeNotice> onChange)
        {
            _feed = feed;
            OnChange = onChange;
        }

        internal Action<CustomerChangeNotice> OnChange { get; }

        /// <summary>From now on, only changes of <paramref name="customerIds"/> reach this subscriber.</summary>
        public void Watch(IEnumerable<long> customerIds)
        {
            var ids = customerIds.Distinct().ToArray();
            lock (_feed._gate)
            {
                if (_disposed)
                {
                    return;
                }

                Remove();
                _ids = ids;
                foreach (var id in _ids)
                {
                    if (!_feed._byCustomer.TryGetValue(id, out var list))
                    {
                        _feed._byCustomer[id] = list = [];
                    }

                    list.Add(this);
                }
            }
        }

        public void Dispose()
        {
            lock (_feed._gate)
            {
                Remove();
                _ids = [];
                _disposed = true;
            }
        }

        private void Remove()
        {
            foreach (var id in _ids)
            {
                if (_feed._byCustomer.TryGetValue(id, out var list) && list.Remove(this) && list.Count == 0)
                {
                    _feed._byCustomer.Remove(id);
                }
            }
        }
    }
}
