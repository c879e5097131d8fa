"""The Qt edge of the app: the wizard, its pages and widgets."""
