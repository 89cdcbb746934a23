//! Disjoint sets with path compression: which mentions are one person, which accounts are
//! one incident. The smaller index stays the root, so roots are deterministic.

/// A forest of sets over `0..n`.
#[derive(Debug, Clone)]
pub struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    /// `n` singleton sets.
    pub fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    /// The root of `x`'s set.
    pub fn find(&mut self, x: usize) -> usize {
        let mut root = x;
        while self.parent[root] != root {
            root = self.parent[root];
        }
        let mut cur = x;
        while self.parent[cur] != root {
            let next = self.parent[cur];
            self.parent[cur] = root;
            cur = next;
        }
        root
    }

    /// Joins the sets of `a` and `b`; returns `(kept root, absorbed root)`, or `None` when
    /// they were one set already.
    pub fn union(&mut self, a: usize, b: usize) -> Option<(usize, usize)> {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return None;
        }
        let (keep, gone) = (ra.min(rb), ra.max(rb));
        self.parent[gone] = keep;
        Some((keep, gone))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_finds() {
        let mut uf = UnionFind::new(5);
        assert_eq!(uf.union(3, 1), Some((1, 3)));
        assert_eq!(uf.union(4, 3), Some((1, 4)));
        assert_eq!(uf.union(1, 4), None);
        assert_eq!(uf.find(4), 1);
        assert_eq!(uf.find(2), 2);
    }
}
