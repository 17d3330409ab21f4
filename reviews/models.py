"""Review assignments, conflict declarations, scores and consensus. (See issue 5.)"""
