"""Names of persons, places and organisations: their forms, the registry, the gazetteer and the registers."""
