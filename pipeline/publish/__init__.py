"""Publishing: the HTML edition (``html``: documents' pages and parts; ``corpus``: the pages made from the parts),
the plain-text edition (``text``), both through Saxon (``saxon``), and when an output is up to date (``kept``)."""
