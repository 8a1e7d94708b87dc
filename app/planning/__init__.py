"""Planning across councils: the legal calendar, the three synchronisation models and the solver.

The modules here that end in pure functions (``kalender``, ``raden``, ``pc``, ``gelijke_dag``,
``raadstafel``, ``carrousel``, ``meervoudig``, ``controle``) take plain data and return plain data;
``service`` turns database rows into that data and plans back into meetings.
"""
