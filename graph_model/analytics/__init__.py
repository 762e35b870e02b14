"""Analysts' questions: paths, ego networks, serial perpetrators, repeats, network metrics, figures, exports."""
