"""OParl 1.1 (https://oparl.org): the portal's bodies, meetings and proposals as open data at /oparl/v1/system."""
