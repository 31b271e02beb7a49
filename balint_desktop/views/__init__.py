"""Qt widgets. Views talk to the app layer, never to storage or crypto."""
