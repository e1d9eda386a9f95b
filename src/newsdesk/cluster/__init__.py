"""Documents → stories, online: features, the candidate index and its state, the clusterer, story summaries."""

from newsdesk.cluster.online import Clusterer, ClusterParams

__all__ = ["ClusterParams", "Clusterer"]
