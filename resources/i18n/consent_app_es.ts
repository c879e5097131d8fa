<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>Answers</name>
    <message>
        <source>Yes</source>
        <extracomment>Touch targets are at least this many logical pixels in each direction. The ground the drawn pictures (spine, positioning) are painted on, in every theme: their colours were chosen against it, so on the high-contrast black page they keep a panel of it.</extracomment>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Not sure</source>
        <translation>No sé</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>No procede</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Something went wrong</source>
        <extracomment>The title and text shown for an error nobody foresaw (the details go to the log).</extracomment>
        <translation>Algo ha fallado</translation>
    </message>
    <message>
        <source>Something went wrong, but the answers so far are saved. Please go back one page and try again, or ask the nurse.</source>
        <translation>Algo ha fallado, pero sus respuestas están guardadas. Por favor, vuelva una página atrás e inténtelo otra vez, o pregunte a la enfermera o al enfermero.</translation>
    </message>
</context>
<context>
    <name>CardDeck</name>
    <message>
        <source>◀  Previous</source>
        <extracomment>Room taken by the stylesheet&apos;s padding and border on each side, with some to spare.</extracomment>
        <translation>◀  Anterior</translation>
    </message>
    <message>
        <source>Card {0} of {1}</source>
        <translation>Tarjeta {0} de {1}</translation>
    </message>
</context>
<context>
    <name>ChecklistPage</name>
    <message>
        <source>Pre-procedure checklist</source>
        <translation>Lista de verificación previa al procedimiento</translation>
    </message>
    <message>
        <source>e.g. 1.1</source>
        <translation>p. ej., 1,1</translation>
    </message>
    <message>
        <source>× 10⁹/L, e.g. 210</source>
        <translation>× 10⁹/L, p. ej., 210</translation>
    </message>
    <message>
        <source>Choose the medicine…</source>
        <translation>Seleccione el fármaco…</translation>
    </message>
    <message>
        <source>Another medicine (if any)…</source>
        <translation>Otro fármaco (si lo hay)…</translation>
    </message>
    <message>
        <source>Kidney function impaired</source>
        <translation>Insuficiencia renal</translation>
    </message>
    <message>
        <source>Kind of meal not known (treated as heavy)</source>
        <translation>Tipo de comida desconocido (se considera copiosa)</translation>
    </message>
    <message>
        <source>Light meal</source>
        <translation>Comida ligera</translation>
    </message>
    <message>
        <source>Heavy or fatty meal</source>
        <translation>Comida grasa o copiosa</translation>
    </message>
    <message>
        <source>Imaging date</source>
        <translation>Fecha de la prueba de imagen</translation>
    </message>
    <message>
        <source>INR</source>
        <translation>INR</translation>
    </message>
    <message>
        <source>Date drawn</source>
        <translation>Fecha de extracción</translation>
    </message>
    <message>
        <source>Platelets (× 10⁹/L)</source>
        <translation>Plaquetas (× 10⁹/L)</translation>
    </message>
    <message>
        <source>Medicine</source>
        <translation>Fármaco</translation>
    </message>
    <message>
        <source>Last dose</source>
        <translation>Última dosis</translation>
    </message>
    <message>
        <source>Medicine {0}</source>
        <translation>Fármaco {0}</translation>
    </message>
    <message>
        <source>Its last dose</source>
        <translation>Su última dosis</translation>
    </message>
    <message>
        <source>Last solid food</source>
        <translation>Última comida sólida</translation>
    </message>
    <message>
        <source>That meal was</source>
        <translation>Esa comida fue</translation>
    </message>
    <message>
        <source>Last clear fluid</source>
        <translation>Último líquido claro</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>Nota (opcional)</translation>
    </message>
    <message>
        <source>Note: {0}</source>
        <translation>Nota: {0}</translation>
    </message>
    <message>
        <source>Enter a number, e.g. 1.2</source>
        <translation>Introduzca un número, p. ej., 1,2</translation>
    </message>
</context>
<context>
    <name>Clearance</name>
    <message>
        <source>Ready</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>Physician review required</source>
        <translation>Requiere revisión médica</translation>
    </message>
    <message>
        <source>Do not proceed</source>
        <translation>No continuar</translation>
    </message>
</context>
<context>
    <name>ConsentPage</name>
    <message numerus="yes">
        <source>%n item(s) still need an answer before you can go on.</source>
        <translation>
            <numerusform>%n punto necesita una respuesta para poder continuar.</numerusform>
            <numerusform>%n puntos necesitan una respuesta para poder continuar.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConsentWizard</name>
    <message>
        <source>Vertebroplasty consent</source>
        <extracomment>Pixels a navigation button gets beyond its size hint (see ``apply_display``).</extracomment>
        <translation>Consentimiento para la vertebroplastia</translation>
    </message>
    <message>
        <source>Hand to the patient  ▶</source>
        <translation>Entregar al paciente  ▶</translation>
    </message>
    <message>
        <source>Start next patient</source>
        <translation>Siguiente paciente</translation>
    </message>
    <message>
        <source>Next  ▶</source>
        <translation>Siguiente  ▶</translation>
    </message>
    <message>
        <source>◀  Back</source>
        <translation>◀  Atrás</translation>
    </message>
    <message>
        <source>Language not available</source>
        <translation>Idioma no disponible</translation>
    </message>
    <message>
        <source>The consent form cannot be shown in that language on this tablet.</source>
        <translation>El formulario de consentimiento no se puede mostrar en ese idioma en esta tableta.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Please wait {0} seconds, then try again.</source>
        <translation>Demasiados PIN incorrectos. Espere {0} segundos y vuelva a intentarlo.</translation>
    </message>
</context>
<context>
    <name>DecisionPage</name>
    <message>
        <source>Please choose one. Then you can press Next.</source>
        <translation>Por favor, elija una opción. Después puede pulsar Siguiente.</translation>
    </message>
    <message>
        <source>Please choose one.</source>
        <translation>Por favor, elija una opción.</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Done</source>
        <translation>Finalizado</translation>
    </message>
    <message>
        <source>Consent summary</source>
        <translation>Resumen del consentimiento</translation>
    </message>
    <message>
        <source>Try the export again</source>
        <translation>Reintentar la exportación</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Imprimir…</translation>
    </message>
    <message>
        <source>Sealing the summary…</source>
        <translation>Sellando el resumen…</translation>
    </message>
    <message>
        <source>Saved to: {0}</source>
        <translation>Guardado en: {0}</translation>
    </message>
    <message>
        <source>The summary could not be saved to the records folder: the storage is full. Nothing is lost: the session is kept. Ask IT to free some space, then try again.</source>
        <translation>No se pudo guardar el resumen en la carpeta de registros: el almacenamiento está lleno. No se ha perdido nada: la sesión se conserva. Pida a informática que libere espacio y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The summary could not be saved to the records folder: the folder cannot be written. Nothing is lost: the session is kept. Ask IT to check the folder, then try again.</source>
        <translation>No se pudo guardar el resumen en la carpeta de registros: no se puede escribir en la carpeta. No se ha perdido nada: la sesión se conserva. Pida a informática que revise la carpeta y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The summary could not be saved to the records folder: the records database is in use. Nothing is lost: the session is kept. Close the other program, then try again.</source>
        <translation>No se pudo guardar el resumen en la carpeta de registros: la base de datos de registros está en uso. No se ha perdido nada: la sesión se conserva. Cierre el otro programa y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The summary could not be saved to the records folder. Nothing is lost: the session is kept. Check that the folder is available, then try again.</source>
        <translation>No se pudo guardar el resumen en la carpeta de registros. No se ha perdido nada: la sesión se conserva. Compruebe que la carpeta está disponible y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The sealed summary has been saved. Seal: intact ({0}).</source>
        <translation>Se ha guardado el resumen sellado. Sello: intacto ({0}).</translation>
    </message>
    <message>
        <source>The summary was saved, but its seal did not check out. {0}</source>
        <translation>El resumen se ha guardado, pero la comprobación del sello ha fallado. {0}</translation>
    </message>
</context>
<context>
    <name>Faults</name>
    <message>
        <source>The answers could not be {doing}: the tablet&apos;s storage is full. Nothing on screen is lost. Ask IT to free some space; the app keeps trying.</source>
        <extracomment>How long a writer waits for another process to let go of the database. Each fault in one calm sentence: what happened and what to do. Marked for translation, as the line saying a save failed shows on patient pages too.</extracomment>
        <translation>No se pudieron {doing} las respuestas: la memoria de la tableta está llena. No se ha perdido nada de lo que hay en pantalla. Pida a informática que libere espacio; la aplicación lo sigue intentando.</translation>
    </message>
    <message>
        <source>The answers could not be {doing}: another program is using the records database. Nothing on screen is lost. Close the other program; the app keeps trying.</source>
        <translation>No se pudieron {doing} las respuestas: otro programa está usando la base de datos de registros. No se ha perdido nada de lo que hay en pantalla. Cierre el otro programa; la aplicación lo sigue intentando.</translation>
    </message>
    <message>
        <source>The answers could not be {doing}: the data folder cannot be written. Nothing on screen is lost. Ask IT to check the folder&apos;s permissions.</source>
        <translation>No se pudieron {doing} las respuestas: no se puede escribir en la carpeta de datos. No se ha perdido nada de lo que hay en pantalla. Pida a informática que revise los permisos de la carpeta.</translation>
    </message>
    <message>
        <source>The answers could not be {doing}: the records database is damaged. Nothing on screen is lost. Ask IT to restore it from a backup.</source>
        <translation>No se pudieron {doing} las respuestas: la base de datos de registros está dañada. No se ha perdido nada de lo que hay en pantalla. Pida a informática que la restaure desde una copia de seguridad.</translation>
    </message>
    <message>
        <source>The answers could not be {doing} just now. Nothing on screen is lost; the app keeps trying.</source>
        <translation>No se pudieron {doing} las respuestas en este momento. No se ha perdido nada de lo que hay en pantalla; la aplicación lo sigue intentando.</translation>
    </message>
    <message>
        <source>saved</source>
        <extracomment>What was being done, as those sentences put it.</extracomment>
        <translation>guardar</translation>
    </message>
    <message>
        <source>recorded</source>
        <translation>registrar</translation>
    </message>
    <message>
        <source>read</source>
        <translation>leer</translation>
    </message>
</context>
<context>
    <name>HandoverPage</name>
    <message>
        <source>Handover</source>
        <translation>Entrega</translation>
    </message>
    <message>
        <source>Checklist flags, shown again at review</source>
        <translation>Alertas de la lista de verificación (se muestran de nuevo en la revisión)</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <source>Intake</source>
        <translation>Admisión</translation>
    </message>
    <message>
        <source>Records…</source>
        <translation>Registros…</translation>
    </message>
    <message>
        <source>Patient and procedure</source>
        <translation>Paciente y procedimiento</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Nombre completo</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Fecha de nacimiento</translation>
    </message>
    <message>
        <source>MRN</source>
        <translation>NHC</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Procedimiento</translation>
    </message>
    <message>
        <source>Vertebral level(s)</source>
        <translation>Nivel(es) vertebral(es)</translation>
    </message>
    <message>
        <source>Proceduralist</source>
        <translation>Médico que realiza el procedimiento</translation>
    </message>
    <message>
        <source>Scheduled date and time</source>
        <translation>Fecha y hora programadas</translation>
    </message>
    <message>
        <source>Preferred language</source>
        <translation>Idioma preferido</translation>
    </message>
    <message>
        <source>Language on the tablet</source>
        <translation>Idioma en la tableta</translation>
    </message>
    <message>
        <source>An interpreter is helping</source>
        <translation>Ayuda un intérprete</translation>
    </message>
    <message>
        <source>Interpreter&apos;s name</source>
        <translation>Nombre del intérprete</translation>
    </message>
    <message>
        <source>The patient</source>
        <translation>El paciente</translation>
    </message>
    <message>
        <source>A legally authorised representative</source>
        <translation>Un representante legal</translation>
    </message>
    <message>
        <source>Who gives consent</source>
        <translation>Quién da el consentimiento</translation>
    </message>
    <message>
        <source>Representative&apos;s name</source>
        <translation>Nombre del representante</translation>
    </message>
    <message>
        <source>Relationship to the patient</source>
        <translation>Relación con el paciente</translation>
    </message>
    <message numerus="yes">
        <source>Resume a paused session (%n)…</source>
        <translation>
            <numerusform>Reanudar una sesión en pausa (%n)…</numerusform>
            <numerusform>Reanudar una sesión en pausa (%n)…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Languages</name>
    <message>
        <source>English</source>
        <extracomment>Languages offered at intake; free text is allowed too.</extracomment>
        <translation>Inglés</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>Español</translation>
    </message>
    <message>
        <source>Polish</source>
        <translation>Polaco</translation>
    </message>
    <message>
        <source>Portuguese</source>
        <translation>Portugués</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>Árabe</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>Chino</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>Ruso</translation>
    </message>
    <message>
        <source>Greek</source>
        <translation>Griego</translation>
    </message>
</context>
<context>
    <name>LateAttestationDialog</name>
    <message>
        <source>Physician attestation</source>
        <translation>Declaración del médico</translation>
    </message>
    <message>
        <source>For {0} (MRN {1}). Signing seals a new version of the summary; the earlier version is kept unchanged.</source>
        <translation>Para {0} (NHC {1}). Al firmar se sella una nueva versión del resumen; la versión anterior se conserva sin cambios.</translation>
    </message>
    <message>
        <source>Proceed</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <source>Proceed with precautions</source>
        <translation>Continuar con precauciones</translation>
    </message>
    <message>
        <source>Do not proceed</source>
        <translation>No continuar</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decisión</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Sign and seal</source>
        <translation>Firmar y sellar</translation>
    </message>
    <message>
        <source>Choose the physician&apos;s decision.</source>
        <translation>Seleccione la decisión del médico.</translation>
    </message>
    <message>
        <source>Enter the reason.</source>
        <translation>Indique el motivo.</translation>
    </message>
    <message>
        <source>Sealing the new version…</source>
        <translation>Sellando la nueva versión…</translation>
    </message>
    <message>
        <source>The attestation could not be sealed: the records database is in use. Close the other program, then try again.</source>
        <translation>No se pudo sellar la declaración: la base de datos de registros está en uso. Cierre el otro programa y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The attestation could not be sealed: the storage is full. Ask IT to free some space, then try again.</source>
        <translation>No se pudo sellar la declaración: el almacenamiento está lleno. Pida a informática que libere espacio y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The attestation could not be sealed. Check that the records folder is available, then try again.</source>
        <translation>No se pudo sellar la declaración. Compruebe que la carpeta de registros está disponible y vuelva a intentarlo.</translation>
    </message>
</context>
<context>
    <name>LevelPicker</name>
    <message>
        <source>Vertebral levels</source>
        <extracomment>What staff may type for a language the tablet can show, so the tablet follows the patient.</extracomment>
        <translation>Niveles vertebrales</translation>
    </message>
    <message>
        <source>Level {0}</source>
        <translation>Nivel {0}</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Yes, I am here</source>
        <extracomment>Keys that leave, close, hide or switch the window; swallowed in kiosk mode.</extracomment>
        <translation>Sí, aquí estoy</translation>
    </message>
    <message>
        <source>Unlock (staff)</source>
        <translation>Desbloquear (personal)</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation>¿Sigue ahí?</translation>
    </message>
    <message>
        <source>Touch the button to carry on. To keep your answers private, the tablet will lock in {0} seconds.</source>
        <translation>Toque el botón para seguir. Para que nadie más vea sus respuestas, la tableta se bloqueará en {0} segundos.</translation>
    </message>
    <message>
        <source>This tablet is locked</source>
        <translation>La tableta está bloqueada</translation>
    </message>
    <message>
        <source>The answers so far are saved. Please ask the nurse to unlock it. You will carry on where you stopped.</source>
        <translation>Sus respuestas están guardadas. Por favor, pida a la enfermera o al enfermero que la desbloquee. Seguirá donde lo dejó.</translation>
    </message>
</context>
<context>
    <name>Outbox</name>
    <message>
        <source>The records server refused the connection (it may be down or restarting).</source>
        <extracomment>The wait after the first failed try; each further failure doubles it, up to the longest. How much of a reply body is read looking for an OperationOutcome. The longest reason kept from a server&apos;s diagnostics. Each failure in one line for staff: what happened. ``{status}`` is the HTTP status and ``{detail}`` the server&apos;s own diagnostics (or the network&apos;s message).</extracomment>
        <translation>El servidor de registros rechazó la conexión (puede estar apagado o reiniciándose).</translation>
    </message>
    <message>
        <source>The records server cannot be reached (no network?). {detail}</source>
        <translation>No se puede contactar con el servidor de registros (¿no hay red?). {detail}</translation>
    </message>
    <message>
        <source>The records server&apos;s name is not known on this network: check the network, or the server&apos;s address in the settings.</source>
        <translation>El nombre del servidor de registros no se conoce en esta red: compruebe la red o la dirección del servidor en la configuración.</translation>
    </message>
    <message>
        <source>The records server did not answer in time.</source>
        <translation>El servidor de registros no respondió a tiempo.</translation>
    </message>
    <message>
        <source>The records server&apos;s certificate is not trusted by this tablet. {detail}</source>
        <translation>Esta tableta no confía en el certificado del servidor de registros. {detail}</translation>
    </message>
    <message>
        <source>The records server is busy (HTTP {status}).</source>
        <translation>El servidor de registros está ocupado (HTTP {status}).</translation>
    </message>
    <message>
        <source>The records server had an error (HTTP {status}). {detail}</source>
        <translation>El servidor de registros tuvo un error (HTTP {status}). {detail}</translation>
    </message>
    <message>
        <source>The records server did not accept the record (HTTP {status}): {detail}</source>
        <translation>El servidor de registros no aceptó el registro (HTTP {status}): {detail}</translation>
    </message>
    <message>
        <source>The records server gave an unexpected answer (HTTP {status}). {detail}</source>
        <translation>El servidor de registros dio una respuesta inesperada (HTTP {status}). {detail}</translation>
    </message>
</context>
<context>
    <name>PatientBar</name>
    <message>
        <source>Step {0} of {1}: {2}</source>
        <translation>Paso {0} de {1}: {2}</translation>
    </message>
    <message>
        <source>Standard text size</source>
        <translation>Letra normal</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Letra más grande</translation>
    </message>
    <message>
        <source>Largest text</source>
        <translation>Letra muy grande</translation>
    </message>
    <message>
        <source>Listen</source>
        <translation>Escuchar</translation>
    </message>
    <message>
        <source>Listen: read this page aloud</source>
        <translation>Escuchar: leer esta página en voz alta</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Alto contraste</translation>
    </message>
    <message>
        <source>High contrast: white and yellow on black</source>
        <translation>Alto contraste: blanco y amarillo sobre negro</translation>
    </message>
    <message>
        <source>Show these pages in another language</source>
        <translation>Ver estas páginas en otro idioma</translation>
    </message>
</context>
<context>
    <name>PatientSignaturePage</name>
    <message>
        <source>Your name, printed</source>
        <translation>Su nombre y apellidos</translation>
    </message>
    <message>
        <source>Interpreter</source>
        <translation>Intérprete</translation>
    </message>
    <message>
        <source>Interpreter&apos;s name, printed</source>
        <translation>Nombre y apellidos del intérprete</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>Clear the signature</source>
        <translation>Borrar la firma</translation>
    </message>
    <message>
        <source>When the box is signed and the name is filled in, you can press Next.</source>
        <translation>Cuando haya firmado en el recuadro y escrito el nombre, puede pulsar Siguiente.</translation>
    </message>
    <message>
        <source>Signing for {0} as {1}</source>
        <translation>Firma en nombre de {0}, como {1}</translation>
    </message>
    <message>
        <source>Signature of the representative</source>
        <translation>Firma del representante</translation>
    </message>
    <message>
        <source>Signature of the patient</source>
        <translation>Firma del paciente</translation>
    </message>
    <message>
        <source>Please go back and choose yes or no.</source>
        <translation>Por favor, vuelva atrás y elija sí o no.</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>That PIN is not right. Please try again.</source>
        <translation>El PIN no es correcto. Vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The two PINs do not match.</source>
        <translation>Los dos PIN no coinciden.</translation>
    </message>
    <message>
        <source>Use 4 to 12 digits.</source>
        <translation>Use de 4 a 12 dígitos.</translation>
    </message>
    <message>
        <source>Staff PIN</source>
        <translation>PIN del personal</translation>
    </message>
    <message>
        <source>PIN error</source>
        <translation>Error de PIN</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Aceptar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Enter the staff PIN</source>
        <translation>Introduzca el PIN del personal</translation>
    </message>
</context>
<context>
    <name>PositioningIllustration</name>
    <message>
        <source>Picture of a person lying face down on the X-ray table, with pillows under the chest, hips and lower legs</source>
        <translation>Dibujo de una persona boca abajo en la mesa de rayos X, con almohadas bajo el pecho, las caderas y la parte baja de las piernas</translation>
    </message>
    <message>
        <source>Pillow</source>
        <translation>Almohada</translation>
    </message>
</context>
<context>
    <name>RecordsBrowser</name>
    <message>
        <source>Records</source>
        <extracomment>The most rows one search shows; narrower words find the rest. Quiet time after the last keystroke before searching again. The longest closing waits for a seal check or a seal under way (each takes a second or two). The table&apos;s column for the records server (there only when one is configured). A session id the wizard should take up again; the dialog closes after emitting it. A seal check is in and has been said: its ``FileCheck``, or the ``SealFailure``.</extracomment>
        <translation>Registros</translation>
    </message>
    <message>
        <source>Name or MRN</source>
        <extracomment>The outbox rows of the sessions on show, by session id (with a records server).</extracomment>
        <translation>Nombre o NHC</translation>
    </message>
    <message>
        <source>Search by name or MRN</source>
        <translation>Buscar por nombre o NHC</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Todos</translation>
    </message>
    <message>
        <source>Unfinished</source>
        <translation>Sin terminar</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Awaiting discussion</source>
        <translation>Pendiente de hablar con el médico</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completado</translation>
    </message>
    <message>
        <source>Procedure date or day last saved</source>
        <translation>Fecha del procedimiento o del último guardado</translation>
    </message>
    <message>
        <source>YYYY-MM-DD (any)</source>
        <translation>AAAA-MM-DD (cualquiera)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Send now</source>
        <translation>Enviar ahora</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>MRN</source>
        <translation>NHC</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Fecha de nacimiento</translation>
    </message>
    <message>
        <source>Procedure date</source>
        <translation>Fecha del procedimiento</translation>
    </message>
    <message>
        <source>Last saved</source>
        <translation>Último guardado</translation>
    </message>
    <message>
        <source>Records server</source>
        <translation>Servidor de registros</translation>
    </message>
    <message>
        <source>Selected session</source>
        <translation>Sesión seleccionada</translation>
    </message>
    <message>
        <source>Sealed versions</source>
        <translation>Versiones selladas</translation>
    </message>
    <message>
        <source>Check the seal</source>
        <translation>Comprobar el sello</translation>
    </message>
    <message>
        <source>Print again…</source>
        <translation>Volver a imprimir…</translation>
    </message>
    <message>
        <source>Physician attestation…</source>
        <translation>Declaración del médico…</translation>
    </message>
    <message>
        <source>Resume session</source>
        <translation>Reanudar sesión</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>The date cannot be read. {0}</source>
        <translation>No se puede interpretar la fecha. {0}</translation>
    </message>
    <message>
        <source>The records could not be searched just now. Try again.</source>
        <translation>No se han podido buscar los registros en este momento. Vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>No sessions match.</source>
        <translation>Ninguna sesión coincide.</translation>
    </message>
    <message>
        <source>Showing the newest {0} sessions: narrow the search to see others.</source>
        <translation>Se muestran las {0} sesiones más recientes: acote la búsqueda para ver las demás.</translation>
    </message>
    <message>
        <source>(no name yet)</source>
        <translation>(aún sin nombre)</translation>
    </message>
    <message>
        <source>That session is not in the list: change the search.</source>
        <translation>Esa sesión no está en la lista: cambie la búsqueda.</translation>
    </message>
    <message>
        <source>This session could not be read. Ask IT to check it.</source>
        <translation>No se pudo leer esta sesión. Pida a informática que la revise.</translation>
    </message>
    <message>
        <source>Choose a session in the list.</source>
        <translation>Seleccione una sesión de la lista.</translation>
    </message>
    <message>
        <source>None sealed yet.</source>
        <translation>Aún no hay ninguna sellada.</translation>
    </message>
    <message>
        <source>Records server: {0} waiting to be sent, {1} failing.</source>
        <translation>Servidor de registros: {0} pendientes de envío, {1} con fallos.</translation>
    </message>
    <message>
        <source>Records server: nothing waiting to be sent.</source>
        <translation>Servidor de registros: nada pendiente de envío.</translation>
    </message>
    <message>
        <source>Sending now: {0} waiting.</source>
        <translation>Enviando ahora: {0} pendientes.</translation>
    </message>
    <message>
        <source>Nothing is waiting to be sent.</source>
        <translation>No hay nada pendiente de envío.</translation>
    </message>
    <message>
        <source>Sent {0}</source>
        <translation>Enviado {0}</translation>
    </message>
    <message>
        <source>Failing: {0}</source>
        <translation>Con fallos: {0}</translation>
    </message>
    <message>
        <source>Pending, will try again: {0}</source>
        <translation>Pendiente, se volverá a intentar: {0}</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pendiente</translation>
    </message>
    <message>
        <source>Records server: not queued.</source>
        <translation>Servidor de registros: no está en cola.</translation>
    </message>
    <message>
        <source>Records server (version {0}): {1}</source>
        <translation>Servidor de registros (versión {0}): {1}</translation>
    </message>
    <message>
        <source>Tries so far: {0}; next try {1}.</source>
        <translation>Intentos hasta ahora: {0}; próximo intento {1}.</translation>
    </message>
    <message>
        <source>Version {0} — {1} — {2} — {3}</source>
        <translation>Versión {0} — {1} — {2} — {3}</translation>
    </message>
    <message>
        <source> (file not found)</source>
        <translation> (archivo no encontrado)</translation>
    </message>
    <message>
        <source>Name: {0}</source>
        <translation>Nombre: {0}</translation>
    </message>
    <message>
        <source>MRN: {0}</source>
        <translation>NHC: {0}</translation>
    </message>
    <message>
        <source>Date of birth: {0}</source>
        <translation>Fecha de nacimiento: {0}</translation>
    </message>
    <message>
        <source>Procedure: {0}{1}</source>
        <translation>Procedimiento: {0}{1}</translation>
    </message>
    <message>
        <source>Scheduled: {0}</source>
        <translation>Programado: {0}</translation>
    </message>
    <message>
        <source>Status: {0}</source>
        <translation>Estado: {0}</translation>
    </message>
    <message>
        <source>Clearance: {0}</source>
        <translation>Valoración: {0}</translation>
    </message>
    <message>
        <source>Physician attestation: signed by {0}, {1}</source>
        <translation>Declaración del médico: firmada por {0}, {1}</translation>
    </message>
    <message>
        <source>Physician attestation: to be signed (deferred)</source>
        <translation>Declaración del médico: pendiente de firma (aplazada)</translation>
    </message>
    <message>
        <source>Physician attestation: not signed</source>
        <translation>Declaración del médico: sin firmar</translation>
    </message>
    <message>
        <source>(This could not be written to the audit trail. {0})</source>
        <translation>(No se pudo anotar en el registro de auditoría. {0})</translation>
    </message>
    <message>
        <source>Choose a session with a sealed version first.</source>
        <translation>Primero seleccione una sesión con una versión sellada.</translation>
    </message>
    <message>
        <source>Checking version {0}…</source>
        <translation>Comprobando la versión {0}…</translation>
    </message>
    <message>
        <source>Version {0} could not be checked just now: the check did not finish. Try again.</source>
        <translation>La versión {0} no se pudo comprobar ahora: la comprobación no terminó. Vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The file is not the one sealed: its SHA-256 has changed.</source>
        <translation>El archivo no es el que se selló: su SHA-256 ha cambiado.</translation>
    </message>
    <message>
        <source>The file {0} is not in the records folder.</source>
        <translation>El archivo {0} no está en la carpeta de registros.</translation>
    </message>
    <message>
        <source>The file {0} cannot be read ({1}).</source>
        <translation>No se puede leer el archivo {0} ({1}).</translation>
    </message>
    <message>
        <source>The file {0} is not a PDF any more.</source>
        <translation>El archivo {0} ya no es un PDF.</translation>
    </message>
    <message>
        <source>The file {0} carries no seal.</source>
        <translation>El archivo {0} no tiene sello.</translation>
    </message>
    <message>
        <source>The file {0} could not be checked: it may be damaged.</source>
        <translation>No se pudo comprobar el archivo {0}: puede estar dañado.</translation>
    </message>
    <message>
        <source>Version {0} FAILED the check. {1}</source>
        <translation>La versión {0} NO HA SUPERADO la comprobación. {1}</translation>
    </message>
    <message>
        <source>Version {0} ({1}) is intact: the seal is valid and the attached record matches. Sealed by {2}, {3}.</source>
        <translation>La versión {0} ({1}) está intacta: el sello es válido y el registro adjunto coincide. Sellada por {2}, {3}.</translation>
    </message>
    <message>
        <source>Version {0} ({1}) FAILED the check. {2}</source>
        <translation>La versión {0} ({1}) NO HA SUPERADO la comprobación. {2}</translation>
    </message>
    <message>
        <source>Version {0} cannot be printed: the file {1} cannot be opened.</source>
        <translation>No se puede imprimir la versión {0}: no se puede abrir el archivo {1}.</translation>
    </message>
    <message>
        <source>Version {0} could not be printed. Check the printer.</source>
        <translation>No se pudo imprimir la versión {0}. Compruebe la impresora.</translation>
    </message>
    <message>
        <source>Printing was cancelled.</source>
        <translation>Se canceló la impresión.</translation>
    </message>
    <message>
        <source>Version {0} ({1}) was sent to the printer.</source>
        <translation>La versión {0} ({1}) se ha enviado a la impresora.</translation>
    </message>
    <message>
        <source>This session has no attestation waiting.</source>
        <translation>Esta sesión no tiene ninguna declaración pendiente.</translation>
    </message>
    <message>
        <source>The attestation could not be started: the session cannot be read.</source>
        <translation>No se pudo iniciar la declaración: no se puede leer la sesión.</translation>
    </message>
    <message>
        <source>No attestation was signed.</source>
        <translation>No se firmó ninguna declaración.</translation>
    </message>
    <message>
        <source>The physician&apos;s attestation is sealed as version {0}: {1}. Earlier versions are kept unchanged.</source>
        <translation>La declaración del médico se ha sellado como versión {0}: {1}. Las versiones anteriores se conservan sin cambios.</translation>
    </message>
    <message>
        <source>This session is finished and cannot be resumed.</source>
        <translation>Esta sesión ha finalizado y no se puede reanudar.</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Review</source>
        <translation>Revisión</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Hallazgos</translation>
    </message>
    <message>
        <source>Questions the patient raised</source>
        <translation>Preguntas del paciente</translation>
    </message>
    <message>
        <source>Physician review</source>
        <translation>Revisión médica</translation>
    </message>
    <message>
        <source>Physician&apos;s name</source>
        <translation>Nombre del médico</translation>
    </message>
    <message>
        <source>Physician</source>
        <translation>Médico</translation>
    </message>
    <message>
        <source>Proceed</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <source>Proceed with precautions</source>
        <translation>Continuar con precauciones</translation>
    </message>
    <message>
        <source>Do not proceed</source>
        <translation>No continuar</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decisión</translation>
    </message>
    <message>
        <source>Physician&apos;s reason</source>
        <translation>Motivo del médico</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>The patient agrees to the procedure.</source>
        <translation>El paciente acepta el procedimiento.</translation>
    </message>
    <message>
        <source>The patient does not agree (informed refusal).</source>
        <translation>El paciente no acepta (rechazo informado).</translation>
    </message>
    <message>
        <source>The patient wants to talk to the doctor first.</source>
        <translation>El paciente quiere hablar antes con el médico.</translation>
    </message>
    <message>
        <source>No decision has been recorded.</source>
        <translation>No se ha registrado ninguna decisión.</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>Ninguna.</translation>
    </message>
    <message>
        <source>Required: record the physician&apos;s name, decision and reason.</source>
        <translation>Obligatorio: anote el nombre del médico, la decisión y el motivo.</translation>
    </message>
    <message>
        <source>Optional: a physician may record a review of the findings.</source>
        <translation>Opcional: un médico puede registrar una revisión de los hallazgos.</translation>
    </message>
    <message>
        <source>No findings.</source>
        <translation>Sin hallazgos.</translation>
    </message>
    <message>
        <source>Enter the physician&apos;s name.</source>
        <translation>Indique el nombre del médico.</translation>
    </message>
    <message>
        <source>Choose the physician&apos;s decision.</source>
        <translation>Seleccione la decisión del médico.</translation>
    </message>
    <message>
        <source>Enter the reason.</source>
        <translation>Indique el motivo.</translation>
    </message>
</context>
<context>
    <name>RisksPage</name>
    <message>
        <source>Next  ▶</source>
        <translation>Siguiente  ▶</translation>
    </message>
    <message>
        <source>I have read this</source>
        <translation>Lo he leído</translation>
    </message>
    <message>
        <source>I understand</source>
        <translation>Lo entiendo</translation>
    </message>
    <message>
        <source>I have a question</source>
        <translation>Tengo una pregunta</translation>
    </message>
    <message>
        <source>What would you like to ask? You can also ask the nurse.</source>
        <translation>¿Qué le gustaría preguntar? También puede preguntar a la enfermera o al enfermero.</translation>
    </message>
    <message>
        <source>Please read about the other choices, then press the button.</source>
        <translation>Por favor, lea sobre las otras opciones. Después, pulse el botón.</translation>
    </message>
</context>
<context>
    <name>Sections</name>
    <message>
        <source>The treatment</source>
        <extracomment>The patient&apos;s sections, in order (the patient pages).</extracomment>
        <translation>El tratamiento</translation>
    </message>
    <message>
        <source>Lying still</source>
        <translation>Boca abajo</translation>
    </message>
    <message>
        <source>Allergies</source>
        <translation>Alergias</translation>
    </message>
    <message>
        <source>Risks</source>
        <translation>Riesgos</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Repaso</translation>
    </message>
    <message>
        <source>Your decision</source>
        <translation>Su decisión</translation>
    </message>
    <message>
        <source>Signing</source>
        <translation>Firma</translation>
    </message>
</context>
<context>
    <name>SetPinDialog</name>
    <message>
        <source>Choose a staff PIN</source>
        <translation>Elija un PIN del personal</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>PIN nuevo</translation>
    </message>
    <message>
        <source>New PIN again</source>
        <translation>Repita el PIN nuevo</translation>
    </message>
    <message>
        <source>PIN error</source>
        <translation>Error de PIN</translation>
    </message>
    <message>
        <source>Save PIN</source>
        <translation>Guardar PIN</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>New PIN (4 to 12 digits)</source>
        <translation>PIN nuevo (de 4 a 12 dígitos)</translation>
    </message>
    <message>
        <source>Type the new PIN again</source>
        <translation>Escriba otra vez el PIN nuevo</translation>
    </message>
</context>
<context>
    <name>Severity</name>
    <message>
        <source>DO NOT PROCEED</source>
        <translation>NO CONTINUAR</translation>
    </message>
    <message>
        <source>PHYSICIAN REVIEW</source>
        <translation>REVISIÓN MÉDICA</translation>
    </message>
    <message>
        <source>NURSE ACTION</source>
        <translation>ACCIÓN DE ENFERMERÍA</translation>
    </message>
</context>
<context>
    <name>SignatureBlock</name>
    <message>
        <source>Clear</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>Printed name</source>
        <translation>Nombre y apellidos</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>Signature pad</source>
        <translation>Recuadro para la firma</translation>
    </message>
    <message>
        <source>Sign here with your finger, a stylus or the mouse, or type your name and press Enter</source>
        <translation>Firme aquí con el dedo, un lápiz o el ratón, o escriba su nombre y pulse Intro</translation>
    </message>
    <message>
        <source>Or type your name, then press Enter</source>
        <translation>O escriba su nombre y pulse Intro</translation>
    </message>
</context>
<context>
    <name>SpineDiagram</name>
    <message>
        <source>Spine diagram</source>
        <translation>Dibujo de la columna</translation>
    </message>
    <message>
        <source>Highlighted: {0}</source>
        <translation>Marcado: {0}</translation>
    </message>
    <message>
        <source>No levels highlighted</source>
        <translation>Ningún nivel marcado</translation>
    </message>
    <message>
        <source>Upper back</source>
        <translation>Espalda alta</translation>
    </message>
    <message>
        <source>Lower back</source>
        <translation>Espalda baja</translation>
    </message>
</context>
<context>
    <name>StaffSignaturesPage</name>
    <message>
        <source>Staff signatures</source>
        <translation>Firmas del personal</translation>
    </message>
    <message>
        <source>Sign and export  ▶</source>
        <translation>Firmar y exportar  ▶</translation>
    </message>
    <message>
        <source>Witness (nurse)</source>
        <translation>Testigo (enfermería)</translation>
    </message>
    <message>
        <source>Physician attestation</source>
        <translation>Declaración del médico</translation>
    </message>
    <message>
        <source>The physician will sign the attestation later</source>
        <translation>El médico firmará la declaración más tarde</translation>
    </message>
    <message>
        <source>Physician review was required, so the physician must sign now.</source>
        <translation>Se requería revisión médica, así que el médico debe firmar ahora.</translation>
    </message>
</context>
<context>
    <name>UnderstandingPage</name>
    <message>
        <source>Next  ▶</source>
        <translation>Siguiente  ▶</translation>
    </message>
    <message>
        <source>That&apos;s right.</source>
        <translation>Así es.</translation>
    </message>
    <message>
        <source>Please choose again.</source>
        <translation>Por favor, elija otra vez.</translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <source>Enter the patient&apos;s full name.</source>
        <translation>Indique el nombre completo del paciente.</translation>
    </message>
    <message>
        <source>Enter the date of birth.</source>
        <translation>Indique la fecha de nacimiento.</translation>
    </message>
    <message>
        <source>The date of birth cannot be in the future.</source>
        <translation>La fecha de nacimiento no puede ser futura.</translation>
    </message>
    <message>
        <source>The date of birth is more than {years} years ago.</source>
        <translation>La fecha de nacimiento es de hace más de {years} años.</translation>
    </message>
    <message>
        <source>Enter the MRN.</source>
        <translation>Indique el NHC.</translation>
    </message>
    <message>
        <source>This MRN does not fit the clinic&apos;s pattern: {hint}.</source>
        <translation>Este NHC no sigue el formato de la clínica: {hint}.</translation>
    </message>
    <message>
        <source>Enter the procedure.</source>
        <translation>Indique el procedimiento.</translation>
    </message>
    <message>
        <source>Choose at least one vertebral level.</source>
        <translation>Seleccione al menos un nivel vertebral.</translation>
    </message>
    <message>
        <source>Levels must be between T5 and L5.</source>
        <translation>Los niveles deben estar entre T5 y L5.</translation>
    </message>
    <message>
        <source>Enter the proceduralist.</source>
        <translation>Indique el médico que realiza el procedimiento.</translation>
    </message>
    <message>
        <source>Enter the scheduled date and time.</source>
        <translation>Indique la fecha y hora programadas.</translation>
    </message>
    <message>
        <source>The scheduled date is in the past.</source>
        <translation>La fecha programada ya ha pasado.</translation>
    </message>
    <message>
        <source>Choose the preferred language.</source>
        <translation>Seleccione el idioma preferido.</translation>
    </message>
    <message>
        <source>Enter the interpreter&apos;s name.</source>
        <translation>Indique el nombre del intérprete.</translation>
    </message>
    <message>
        <source>Enter the representative&apos;s name.</source>
        <translation>Indique el nombre del representante.</translation>
    </message>
    <message>
        <source>Enter the representative&apos;s relationship to the patient.</source>
        <translation>Indique la relación del representante con el paciente.</translation>
    </message>
    <message>
        <source>This cannot be in the future.</source>
        <translation>No puede ser una fecha futura.</translation>
    </message>
    <message>
        <source>Enter the date the blood was drawn.</source>
        <translation>Indique la fecha de extracción de la muestra.</translation>
    </message>
    <message>
        <source>Answer yes, no or not applicable.</source>
        <translation>Responda sí, no o no procede.</translation>
    </message>
    <message>
        <source>Not applicable is not an option here.</source>
        <translation>«No procede» no es una opción válida aquí.</translation>
    </message>
    <message>
        <source>A medicine is entered below: answer yes, or clear it.</source>
        <translation>Hay un fármaco anotado abajo: responda sí o bórrelo.</translation>
    </message>
    <message>
        <source>Enter the date of the imaging.</source>
        <translation>Indique la fecha de la prueba de imagen.</translation>
    </message>
    <message>
        <source>Enter the INR result.</source>
        <translation>Indique el resultado del INR.</translation>
    </message>
    <message>
        <source>INR must be between {low} and {high}.</source>
        <translation>El INR debe estar entre {low} y {high}.</translation>
    </message>
    <message>
        <source>Enter the platelets result.</source>
        <translation>Indique el recuento de plaquetas.</translation>
    </message>
    <message>
        <source>Platelets must be between {low} and {high}.</source>
        <translation>Las plaquetas deben estar entre {low} y {high}.</translation>
    </message>
    <message>
        <source>Choose the medicine.</source>
        <translation>Seleccione el fármaco.</translation>
    </message>
    <message>
        <source>Enter the date and time of the last dose.</source>
        <translation>Indique la fecha y hora de la última dosis.</translation>
    </message>
    <message>
        <source>Enter the time of the last solid food.</source>
        <translation>Indique la hora de la última comida sólida.</translation>
    </message>
    <message>
        <source>Enter the time of the last clear fluid.</source>
        <translation>Indique la hora del último líquido claro.</translation>
    </message>
    <message>
        <source>Please choose an answer.</source>
        <translation>Por favor, elija una respuesta.</translation>
    </message>
    <message>
        <source>Please sign in the box.</source>
        <translation>Por favor, firme en el recuadro.</translation>
    </message>
    <message>
        <source>That is too small to be a signature. Please sign your name.</source>
        <translation>Es demasiado pequeño para ser una firma. Por favor, firme con su nombre.</translation>
    </message>
    <message>
        <source>Please print your name.</source>
        <translation>Por favor, escriba su nombre.</translation>
    </message>
    <message>
        <source>Use the form YYYY-MM-DD, for example 1948-03-02.</source>
        <translation>Use el formato AAAA-MM-DD, por ejemplo, 1948-03-02.</translation>
    </message>
    <message>
        <source>Use the form YYYY-MM-DD HH:MM, for example 2026-11-24 09:30.</source>
        <translation>Use el formato AAAA-MM-DD HH:MM, por ejemplo, 2026-11-24 09:30.</translation>
    </message>
    <message>
        <source>4 to 20 letters, digits or dashes</source>
        <extracomment>The default is translated on screen; a clinic&apos;s own hint is shown as the clinic wrote it.</extracomment>
        <translation>De 4 a 20 letras, cifras o guiones</translation>
    </message>
</context>
<context>
    <name>_DeckPage</name>
    <message>
        <source>When every card has an answer, you can press Next.</source>
        <extracomment>The procedure text sits beside the spine picture from this page width; below it, above it. Patient buttons are well above the touch minimum: hands may shake and eyes may be weak. What each decision means when it is signed; &quot;talk first&quot; is never signed. The signatures that stand under the patient&apos;s decision and fall when it changes.</extracomment>
        <translation>Cuando todas las tarjetas tengan respuesta, puede pulsar Siguiente.</translation>
    </message>
    <message>
        <source>Please go through every card.</source>
        <translation>Por favor, lea todas las tarjetas.</translation>
    </message>
    <message>
        <source>Next  ▶</source>
        <translation>Siguiente  ▶</translation>
    </message>
</context>
<context>
    <name>_QuestionDeckPage</name>
    <message>
        <source>Please tell us a little more.</source>
        <translation>Por favor, cuéntenos un poco más.</translation>
    </message>
    <message>
        <source>You do not have to write anything. You can tell the nurse instead.</source>
        <translation>No tiene que escribir nada. Si lo prefiere, dígaselo a la enfermera o al enfermero.</translation>
    </message>
    <message>
        <source>Next  ▶</source>
        <translation>Siguiente  ▶</translation>
    </message>
</context>
</TS>
