"""The CEB messages as pure Python (no Django): the documents, their XML in the GACC layout,
the field rules, the three-document match and XML-DSig signing. Used by ``customs`` (the
platform's side) and by ``sandbox_customs`` (customs' side)."""
