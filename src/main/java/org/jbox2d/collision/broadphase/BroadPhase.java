// SPDX-License-Identifier: MIT
package org.jbox2d.collision.broadphase;

import org.jbox2d.callbacks.DebugDraw;
import org.jbox2d.callbacks.PairCallback;
import org.jbox2d.callbacks.TreeCallback;
import org.jbox2d.callbacks.TreeRayCastCallback;
import org.jbox2d.collision.AABB;
import org.jbox2d.collision.RayCastInput;

/**
 * Our replacement for JBox2D 2.2.1.1's {@code BroadPhase} (same package and name, loaded instead of the
 * jar's class because our classes come first on every classpath; see {@code org.jbox2d.common.MathUtils}).
 *
 * <p>Why: the jar's {@code updatePairs} sorts its pair buffer with {@code Arrays.sort(Object[], from,
 * to)}, a TimSort that allocates a merge buffer whenever 32 or more pairs are sorted, which the
 * CarRacing car's eight fixtures over the tiles do every step (about 260 bytes per step; updatePairs
 * is final and JBox2D's ContactManager creates the BroadPhase itself, so a subclass cannot fix it). Here the sort is an in-place
 * heapsort (insertion sort for short buffers) that allocates nothing. The order it gives is the same:
 * two pairs compare equal only when both proxy ids are equal, so any correct sort yields the same
 * sequence of (proxyIdA, proxyIdB) values, and the contacts are created in the same order.
 *
 * <p>Everything else is what the jar's class does, read from its bytecode: proxies live in a
 * {@link BroadPhaseStrategy} (JBox2D's dynamic AABB tree); a created or moved proxy is put in the move
 * buffer; {@link #updatePairs} queries the tree with each moved proxy's fat box, collects the overlapping
 * pairs (smaller id first), sorts them and reports each distinct pair once.
 */
public class BroadPhase implements TreeCallback {
    public static final int NULL_PROXY = -1;

    /** Below this many pairs insertion sort is faster than heapsort. */
    private static final int INSERTION_SORT_MAX = 24;

    private final BroadPhaseStrategy m_tree;

    private int m_proxyCount;

    /** Proxies created or moved since the last updatePairs (NULL_PROXY where one was destroyed). */
    private int[] m_moveBuffer;
    private int m_moveCapacity;
    private int m_moveCount;

    /** Pair objects are reused: only their ids are written; the buffer doubles when full. */
    private Pair[] m_pairBuffer;
    private int m_pairCapacity;
    private int m_pairCount;

    /** The moved proxy whose fat box is being queried (its overlaps become pairs). */
    private int m_queryProxyId;

    public BroadPhase(BroadPhaseStrategy strategy) {
        m_proxyCount = 0;
        m_pairCapacity = 16;
        m_pairCount = 0;
        m_pairBuffer = new Pair[m_pairCapacity];
        for (int i = 0; i < m_pairCapacity; i++) {
            m_pairBuffer[i] = new Pair();
        }
        m_moveCapacity = 16;
        m_moveCount = 0;
        m_moveBuffer = new int[m_moveCapacity];
        m_tree = strategy;
        m_queryProxyId = NULL_PROXY;
    }

    public final int createProxy(AABB aabb, Object userData) {
        int proxyId = m_tree.createProxy(aabb, userData);
        ++m_proxyCount;
        bufferMove(proxyId);
        return proxyId;
    }

    public final void destroyProxy(int proxyId) {
        unbufferMove(proxyId);
        --m_proxyCount;
        m_tree.destroyProxy(proxyId);
    }

    /** Moves the proxy's box; only a box that left its fat box is re-queried in the next updatePairs. */
    public final void moveProxy(int proxyId, AABB aabb, org.jbox2d.common.Vec2 displacement) {
        boolean buffer = m_tree.moveProxy(proxyId, aabb, displacement);
        if (buffer) {
            bufferMove(proxyId);
        }
    }

    public void touchProxy(int proxyId) {
        bufferMove(proxyId);
    }

    public Object getUserData(int proxyId) {
        return m_tree.getUserData(proxyId);
    }

    public AABB getFatAABB(int proxyId) {
        return m_tree.getFatAABB(proxyId);
    }

    /** Whether the two proxies' fat boxes overlap (touching counts as overlapping). */
    public boolean testOverlap(int proxyIdA, int proxyIdB) {
        final AABB a = m_tree.getFatAABB(proxyIdA);
        final AABB b = m_tree.getFatAABB(proxyIdB);
        if (b.lowerBound.x - a.upperBound.x > 0.0f || b.lowerBound.y - a.upperBound.y > 0.0f) {
            return false;
        }
        if (a.lowerBound.x - b.upperBound.x > 0.0f || a.lowerBound.y - b.upperBound.y > 0.0f) {
            return false;
        }
        return true;
    }

    public final int getProxyCount() {
        return m_proxyCount;
    }

    public void drawTree(DebugDraw argDraw) {
        m_tree.drawTree(argDraw);
    }

    /** Reports every new overlapping pair of (moved proxy, any proxy) to the callback, each pair once. */
    public final void updatePairs(PairCallback callback) {
        m_pairCount = 0;
        for (int i = 0; i < m_moveCount; ++i) {
            m_queryProxyId = m_moveBuffer[i];
            if (m_queryProxyId == NULL_PROXY) {
                continue;
            }
            final AABB fatAABB = m_tree.getFatAABB(m_queryProxyId);
            m_tree.query(this, fatAABB);   // calls treeCallback for every overlap
        }
        m_moveCount = 0;

        sortPairs(m_pairBuffer, m_pairCount);

        // Report each distinct pair once: duplicates are adjacent after the sort.
        int i = 0;
        while (i < m_pairCount) {
            Pair primaryPair = m_pairBuffer[i];
            Object userDataA = m_tree.getUserData(primaryPair.proxyIdA);
            Object userDataB = m_tree.getUserData(primaryPair.proxyIdB);
            callback.addPair(userDataA, userDataB);
            ++i;
            while (i < m_pairCount) {
                Pair pair = m_pairBuffer[i];
                if (pair.proxyIdA != primaryPair.proxyIdA || pair.proxyIdB != primaryPair.proxyIdB) {
                    break;
                }
                ++i;
            }
        }
    }

    public final void query(TreeCallback callback, AABB aabb) {
        m_tree.query(callback, aabb);
    }

    public final void raycast(TreeRayCastCallback callback, RayCastInput input) {
        m_tree.raycast(callback, input);
    }

    public final int getTreeHeight() {
        return m_tree.computeHeight();
    }

    public int getTreeBalance() {
        return m_tree.getMaxBalance();
    }

    public float getTreeQuality() {
        return m_tree.getAreaRatio();
    }

    protected final void bufferMove(int proxyId) {
        if (m_moveCount == m_moveCapacity) {
            int[] old = m_moveBuffer;
            m_moveCapacity *= 2;
            m_moveBuffer = new int[m_moveCapacity];
            System.arraycopy(old, 0, m_moveBuffer, 0, old.length);
        }
        m_moveBuffer[m_moveCount] = proxyId;
        ++m_moveCount;
    }

    protected final void unbufferMove(int proxyId) {
        for (int i = 0; i < m_moveCount; i++) {
            if (m_moveBuffer[i] == proxyId) {
                m_moveBuffer[i] = NULL_PROXY;
            }
        }
    }

    /** Called by the tree query for each proxy whose fat box overlaps the query proxy's: records the pair. */
    public final boolean treeCallback(int proxyId) {
        if (proxyId == m_queryProxyId) {
            return true;   // a proxy does not pair with itself
        }
        if (m_pairCount == m_pairCapacity) {
            Pair[] old = m_pairBuffer;
            m_pairCapacity *= 2;
            m_pairBuffer = new Pair[m_pairCapacity];
            System.arraycopy(old, 0, m_pairBuffer, 0, old.length);
            for (int i = old.length; i < m_pairCapacity; i++) {
                m_pairBuffer[i] = new Pair();
            }
        }
        Pair pair = m_pairBuffer[m_pairCount];
        if (proxyId < m_queryProxyId) {
            pair.proxyIdA = proxyId;
            pair.proxyIdB = m_queryProxyId;
        } else {
            pair.proxyIdA = m_queryProxyId;
            pair.proxyIdB = proxyId;
        }
        ++m_pairCount;
        return true;
    }

    // --- the sort: by (proxyIdA, proxyIdB), in place, allocating nothing ---

    /** Sorts pairs[0, count) by (proxyIdA, proxyIdB) ascending. Not stable; equal pairs are identical. */
    static void sortPairs(Pair[] pairs, int count) {
        if (count <= INSERTION_SORT_MAX) {
            insertionSort(pairs, count);
        } else {
            heapSort(pairs, count);
        }
    }

    private static boolean less(Pair a, Pair b) {
        return a.proxyIdA < b.proxyIdA || (a.proxyIdA == b.proxyIdA && a.proxyIdB < b.proxyIdB);
    }

    private static void insertionSort(Pair[] pairs, int count) {
        for (int i = 1; i < count; i++) {
            Pair p = pairs[i];
            int j = i - 1;
            while (j >= 0 && less(p, pairs[j])) {
                pairs[j + 1] = pairs[j];
                j--;
            }
            pairs[j + 1] = p;
        }
    }

    /**
     * Heapsort: build a max-heap (children of i at 2i+1, 2i+2), then repeatedly swap the maximum to the
     * end and restore the heap on the rest. O(n log n) in the worst case, no extra memory.
     */
    private static void heapSort(Pair[] pairs, int count) {
        for (int i = count / 2 - 1; i >= 0; i--) {
            siftDown(pairs, i, count);
        }
        for (int end = count - 1; end > 0; end--) {
            Pair max = pairs[0];
            pairs[0] = pairs[end];
            pairs[end] = max;
            siftDown(pairs, 0, end);
        }
    }

    /** Moves pairs[i] down the heap pairs[0, size) until both its children are not larger. */
    private static void siftDown(Pair[] pairs, int i, int size) {
        Pair p = pairs[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && less(pairs[child], pairs[child + 1])) {
                child++;
            }
            if (!less(p, pairs[child])) {
                break;
            }
            pairs[i] = pairs[child];
            i = child;
        }
        pairs[i] = p;
    }
}
